// Placement constraints: parsing `node.name == x` / `node.labels.k != v` and matching nodes.

import type { Constraint, SchedNode } from './types';

const CONSTRAINT_RE = /^\s*node\.(name|labels\.([A-Za-z0-9._/-]+))\s*(==|!=)\s*(\S+)\s*$/;

/** Parses one constraint; throws with the accepted syntax in the message so users can fix it. */
export function parseConstraint(text: string): Constraint {
  const m = CONSTRAINT_RE.exec(text);
  if (!m) {
    throw new Error(
      `invalid constraint "${text}": expected "node.name == VALUE", "node.name != VALUE", ` +
        `"node.labels.KEY == VALUE" or "node.labels.KEY != VALUE"`,
    );
  }
  const attribute = m[1] === 'name' ? 'name' : `labels.${m[2]}`;
  return { attribute, op: m[3] as Constraint['op'], value: m[4] };
}

export function formatConstraint(c: Constraint): string {
  return `node.${c.attribute} ${c.op} ${c.value}`;
}

function attributeValue(node: SchedNode, attribute: string): string | undefined {
  if (attribute === 'name') return node.name;
  if (attribute.startsWith('labels.')) {
    const key = attribute.slice('labels.'.length);
    return Object.prototype.hasOwnProperty.call(node.labels, key) ? node.labels[key] : undefined;
  }
  return undefined;
}

/** A missing attribute never equals anything, so `!=` on a missing label matches. */
export function constraintMatches(node: SchedNode, c: Constraint): boolean {
  const v = attributeValue(node, c.attribute);
  return c.op === '==' ? v === c.value : v !== c.value;
}

/** The first constraint the node violates, or undefined when it satisfies all of them. */
export function firstViolated(node: SchedNode, cs: readonly Constraint[]): Constraint | undefined {
  for (const c of cs) if (!constraintMatches(node, c)) return c;
  return undefined;
}

/** Order-independent identity of a constraint set, so requests sharing one share node lists. */
export function constraintSetKey(cs: readonly Constraint[]): string {
  if (cs.length === 0) return '';
  if (cs.length === 1) return formatConstraint(cs[0]);
  return cs.map(formatConstraint).sort().join(' && ');
}
