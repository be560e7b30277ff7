export * from './organizations';
export * from './users';
export * from './auth';
export * from './audit';
export * from './mail';
export * from './work-links';
export * from './compose';
