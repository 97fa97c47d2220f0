// `$(VAR)` in a container's command and env values, as Kubernetes expands them: a known variable
// is replaced by its value, `$$` is a literal `$`, and anything else (an unknown `$(X)`, a lone
// `$`) stays as written, so a command that means a literal `$(...)` is not broken by a typo.

export function expandVars(text: string, vars: ReadonlyMap<string, string>): string {
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c !== '$' || i + 1 >= text.length) {
      out += c;
      continue;
    }
    const next = text[i + 1];
    if (next === '$') {
      out += '$';
      i++;
      continue;
    }
    if (next === '(') {
      const close = text.indexOf(')', i + 2);
      if (close > 0) {
        const name = text.slice(i + 2, close);
        const value = vars.get(name);
        if (value !== undefined) {
          out += value;
          i = close;
          continue;
        }
      }
    }
    out += c;
  }
  return out;
}
