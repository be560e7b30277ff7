import { defaultTreeAdapter, type DefaultTreeAdapterTypes as Tree, type TreeAdapter } from 'parse5';

// jsdom builds a tree in time that grows with depth times size (and recurses: ~5,000 levels overflow the
// stack), at tens of microseconds an element. Real mail nests some 50 levels deep and has a few thousand
// elements; what goes beyond these limits is flattened to its text.
const MAX_DEPTH = 128;
const MAX_ELEMENTS = 6_000;
// jsdom and DOMPurify handle attributes one by one in lists: 100,000 on one tag take minutes. Past the total,
// elements keep none (a newsletter has a few thousand; each costs jsdom and the sanitiser tens of µs).
const MAX_ATTRIBUTES = 50;
const MAX_TOTAL_ATTRIBUTES = 20_000;
// jsdom parses every style attribute as it builds the tree; real ones are a few hundred characters.
const MAX_STYLE_ATTRIBUTE = 32 * 1024;
// Real style sheets are tens of kilobytes; a megabyte one is there to slow us down.
const MAX_STYLE_SHEET = 256 * 1024;
// parse5 itself slows down quadratically on thousands of open elements (<b><b><b>…), so parsing stops here.
const MAX_PARSE_DEPTH = 1_000;

export class TooDeepError extends Error {}

/** parse5's tree builder, refusing to nest elements deeper than MAX_PARSE_DEPTH. */
export function depthLimitedAdapter(): TreeAdapter<Tree.DefaultTreeAdapterMap> {
  // Approximate: a subtree the adoption agency moves keeps its old depths. Exact depths are bounded later.
  const depths = new Map<Tree.Node, number>();
  const place = (parent: Tree.ParentNode, node: Tree.ChildNode) => {
    const depth = (depths.get(parent) ?? 0) + 1;
    if (depth > MAX_PARSE_DEPTH) throw new TooDeepError('HTML nested too deeply');
    depths.set(node, depth);
  };
  return {
    ...defaultTreeAdapter,
    appendChild(parent, node) {
      place(parent, node);
      defaultTreeAdapter.appendChild(parent, node);
    },
    insertBefore(parent, node, reference) {
      place(parent, node);
      defaultTreeAdapter.insertBefore(parent, node, reference);
    },
  };
}

/**
 * Drops, in place, the elements under `root` nested deeper than MAX_DEPTH or past the MAX_ELEMENTS-th, keeping
 * their text, and all comments and templates; the attributes of elements past MAX_TOTAL_ATTRIBUTES.
 */
export function limitTree(root: Tree.ParentNode): void {
  const dropped = new Set<Tree.Node>();
  const kept: Tree.ParentNode[] = [root];
  const stack: Array<[Tree.ParentNode, number]> = [[root, 0]];
  let elements = 0;
  let attributes = 0;
  // Depth-first in document order, so the element budget keeps the start of the message whole.
  for (let entry = stack.pop(); entry; entry = stack.pop()) {
    const [node, depth] = entry;
    if (node !== root) {
      if (++elements > MAX_ELEMENTS) {
        dropped.add(node);
        continue;
      }
      kept.push(node);
      if ('tagName' in node) {
        limitElement(node);
        attributes += node.attrs.length;
        if (attributes > MAX_TOTAL_ATTRIBUTES) node.attrs = [];
      }
    }
    for (let i = node.childNodes.length - 1; i >= 0; i--) {
      const child = node.childNodes[i];
      if (!child || !('tagName' in child)) continue;
      // Template content is inert, dropped by the sanitiser anyway, and outside this walk: drop it unread.
      if (depth >= MAX_DEPTH || child.tagName === 'template') dropped.add(child);
      else stack.push([child, depth + 1]);
    }
  }
  for (const node of kept) node.childNodes = flatten(node, dropped);
}

/** Caps one element's attributes and, for a style sheet, its size (an oversized sheet is emptied). */
export function limitElement(element: Tree.Element): void {
  if (element.attrs.length > MAX_ATTRIBUTES) element.attrs = element.attrs.slice(0, MAX_ATTRIBUTES);
  element.attrs = element.attrs.filter((attr) => attr.name !== 'style' || attr.value.length <= MAX_STYLE_ATTRIBUTE);
  if (element.tagName !== 'style') return;
  const size = element.childNodes.reduce((sum, child) => sum + ('value' in child ? child.value.length : 0), 0);
  if (size > MAX_STYLE_SHEET) element.childNodes = [];
}

/**
 * The node's children with each dropped element replaced by the text inside it. Comments go too: the only
 * ones mail carries are Outlook's conditional blocks, which no other client shows either.
 */
function flatten(parent: Tree.ParentNode, dropped: Set<Tree.Node>): Tree.ChildNode[] {
  const out: Tree.ChildNode[] = [];
  const pending = [...parent.childNodes].reverse().map((child): [Tree.ChildNode, boolean] => [child, false]);
  for (let item = pending.pop(); item; item = pending.pop()) {
    const [child, insideDropped] = item;
    if (child.nodeName === '#comment') continue;
    if (!('tagName' in child) || (!insideDropped && !dropped.has(child))) {
      child.parentNode = parent;
      out.push(child);
    } else if (child.tagName !== 'template') {
      for (let i = child.childNodes.length - 1; i >= 0; i--) {
        const grandchild = child.childNodes[i];
        if (grandchild) pending.push([grandchild, true]);
      }
    }
  }
  return out;
}
