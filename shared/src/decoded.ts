// Turns the types proto-loader-gen-types writes (src/generated) into the shapes the code works
// with. The generator describes every message field as `T | null` and a oneof as a bag of
// optional members next to an optional name; both are true of the wire but not what the code
// relies on, and the generator has no option for either. It also cannot know what the proto
// states only in a comment (e.g. which strings a field takes); `Refinements` carries those.

/**
 * Narrower types for some fields, by full message name (as in the generated `__type` brand):
 * `{ '.pkg.Msg': { field: 'a' | 'b' } }`. Every field given must exist and be narrower.
 */
export type Refinements = Record<string, Record<string, unknown>>;

/**
 * A decoded message: every field present, nested messages and their elements too, refined by
 * `R` wherever the refined message occurs.
 *
 * With `defaults: true` the loader fills scalars, lists and maps, but an unset message field
 * decodes as null. The API has always typed those fields as present (a peer that omits one is
 * handled where it matters, e.g. a Register without capacity), so `null` is dropped here rather
 * than at every call site.
 */
export type Decoded<T, R extends Refinements = Record<never, never>> = T extends Uint8Array
  ? T // bytes: a Buffer stays one (mapping its members would lose its methods)
  : T extends readonly (infer E)[]
    ? Decoded<E, R>[]
    : T extends { __type: infer Name }
      ? Name extends keyof R
        ? Flat<Omit<Fields<T, R>, keyof R[Name]> & R[Name]>
        : Fields<T, R>
      : T extends object
        ? { [K in keyof T]: Decoded<T[K], R> }
        : T;

/**
 * Proto3 `optional` fields, whose absence means something (a default the server fills in): the
 * generator marks each with a synthetic oneof `_name` beside it, which the loader also sets.
 */
type OptionalKeys<T> = { [K in keyof T]: K extends string ? (`_${K}` extends keyof T ? K : never) : never }[keyof T];

/**
 * The fields of a generated message, decoded: present, except proto3 `optional` ones; without the
 * type-only brand and the synthetic `_name` oneofs.
 */
type Fields<T, R extends Refinements> = Flat<
  {
    -readonly [K in Exclude<keyof T, `_${string}` | OptionalKeys<T>>]-?: Decoded<NonNullable<T[K]>, R>;
  } & {
    -readonly [K in OptionalKeys<T>]?: Decoded<NonNullable<T[K]>, R>;
  }
>;

/** One object type instead of an intersection, so that editors and errors show the fields. */
type Flat<T> = { [K in keyof T]: T[K] };

/**
 * A message made of a `oneof msg` as a discriminated union: `{ msg: 'a'; a: A } | { msg: 'b'; b: B }`,
 * so that `m.msg === 'a'` narrows to the member that is present. The loader (`oneofs: true`) sets
 * `msg` to the name of the member that is set and leaves the others out.
 */
export type OneOf<T extends { msg?: string }, R extends Refinements = Record<never, never>> = {
  [M in NonNullable<T['msg']> & keyof T]: { [P in 'msg' | M]: P extends 'msg' ? M : Decoded<NonNullable<T[P]>, R> };
}[NonNullable<T['msg']> & keyof T];
