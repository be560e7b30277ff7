import type { DefaultTreeAdapterTypes as Tree } from 'parse5';

// What DOMPurify removes with its content (its FORBID_CONTENTS defaults) rather than keeping the content.
const DROPPED_WITH_CONTENT = new Set(
  (
    'annotation-xml audio colgroup desc foreignobject head iframe math mi mn mo ms mtext noembed noframes noscript ' +
    'plaintext script selectedcontent style svg template thead title video xmp'
  ).split(' '),
);

/**
 * Replaces, in place, every element under `root` that is not in `allowed` by its content, as the sanitiser
 * would, before it ever sees them: jsdom moves a node in time that grows with its subtree, so the sanitiser
 * unwrapping deeply nested elements one by one costs depth times size. Elements whose content the sanitiser
 * drops go with their content. The sanitiser still checks everything that is left.
 */
export function unwrapElements(root: Tree.ParentNode, allowed: ReadonlySet<string>): void {
  const parents: Tree.ParentNode[] = [root];
  for (let parent = parents.pop(); parent; parent = parents.pop()) {
    const kept: Tree.ChildNode[] = [];
    const pending = [...parent.childNodes].reverse();
    for (let child = pending.pop(); child; child = pending.pop()) {
      if ('tagName' in child && !allowed.has(child.tagName)) {
        if (DROPPED_WITH_CONTENT.has(child.tagName.toLowerCase())) continue;
        for (let i = child.childNodes.length - 1; i >= 0; i--) pending.push(child.childNodes[i]!);
        continue;
      }
      child.parentNode = parent;
      kept.push(child);
      if ('childNodes' in child) parents.push(child);
    }
    parent.childNodes = kept;
  }
}
