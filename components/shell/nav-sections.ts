export const navSections = ['mail', 'tasks', 'crm', 'calendar', 'chat', 'feed', 'settings'] as const;
export type NavSection = (typeof navSections)[number];
