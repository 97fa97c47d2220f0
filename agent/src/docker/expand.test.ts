import { describe, expect, it } from 'vitest';
import { expandVars } from './expand';

const vars = new Map([
  ['COXSWAIN_PORT_HTTP', '20001'],
  ['NAME', 'web'],
]);

describe('$(VAR) expansion', () => {
  it('replaces known variables anywhere in the text', () => {
    expect(expandVars('$(COXSWAIN_PORT_HTTP)', vars)).toBe('20001');
    expect(expandVars('--listen=:$(COXSWAIN_PORT_HTTP)/$(NAME)', vars)).toBe('--listen=:20001/web');
  });

  it('keeps $$ as a literal $ and leaves unknown or unclosed references as written', () => {
    expect(expandVars('$$(NAME)', vars)).toBe('$(NAME)');
    expect(expandVars('cost $$5', vars)).toBe('cost $5');
    expect(expandVars('$(UNKNOWN) and $(NAME', vars)).toBe('$(UNKNOWN) and $(NAME');
    expect(expandVars('a $ b $', vars)).toBe('a $ b $');
    expect(expandVars('$HOME', vars)).toBe('$HOME');
  });
});
