// The voting code of the letters, checked in the browser so a typo is caught before anything is sent. The same
// algorithm as the service's Credentials/VotingCode.cs (a browser test compares the two on random codes):
// 15 random symbols of Crockford base32 and one check symbol, Luhn mod N with N = 32, shown as XXXX-XXXX-XXXX-XXXX.
// A symbol's value is its index in ALPHABET. Verify: from the rightmost symbol (the check) to the leftmost, multiply
// the values by 1, 2, 1, 2, …; a product of 32 or more counts as product − 31; the code is good when the sum is a
// multiple of 32. It catches every single wrong symbol and every swap of two different neighbours except '0' ↔ 'Z'.
// No dependencies, no eval: loads under the pages' strict Content-Security-Policy.

/** Crockford's base32: digits and upper-case letters without I, L, O and U. */
export const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

/** Symbols in a normalized code: 15 random ones and the check symbol. */
export const VOTING_CODE_LENGTH = 16;

// Dropped wherever they appear: spaces (also no-break ones from copied text), the hyphen, and the dashes and minus
// sign that phone keyboards put in its place. The same list as VotingCode.Separators.
export const SEPARATORS = ' \t\r\n\u00A0\u202F-\u2010\u2011\u2012\u2013\u2014\u2212';
const N = 32;

/**
 * What a person typed, as 16 symbols without separators, or null unless it is exactly 16 symbols. Letters of either
 * case (ASCII only); O reads as 0, I and L as 1; anything else refuses the whole input. Does not look at the check
 * symbol: hasValidCheck does.
 */
export function normalizeVotingCode(text) {
  if (typeof text !== 'string') return null;
  let symbols = '';
  for (const typed of text) {
    if (SEPARATORS.includes(typed)) continue;
    let c = typed >= 'a' && typed <= 'z' ? typed.toUpperCase() : typed;
    if (c === 'O') c = '0';
    else if (c === 'I' || c === 'L') c = '1';
    if (c.length !== 1 || !ALPHABET.includes(c) || symbols.length === VOTING_CODE_LENGTH) return null;
    symbols += c;
  }
  return symbols.length === VOTING_CODE_LENGTH ? symbols : null;
}

/**
 * What to tell a person whose text normalizeVotingCode does not read, beside the field; null when it reads it. A
 * character that is no symbol nor separator is named («.» between groups: the person did type all 16); otherwise the
 * count of symbols typed.
 */
export function whyNotAVotingCode(text) {
  if (typeof text !== 'string' || normalizeVotingCode(text) !== null) return null;
  // As normalizeVotingCode reads: ASCII letters of either case and digits only.
  const symbol = (c) => /^[0-9A-Za-z]$/.test(c) && (ALPHABET.includes(c.toUpperCase()) || 'OoIiLl'.includes(c));
  const strange = [...new Set([...text].filter((c) => !SEPARATORS.includes(c) && !symbol(c)))];
  if (strange.length > 0) {
    const named = strange.map((c) => /^[\p{L}\p{N}\p{P}\p{S}]$/u.test(c) ? `«${c}»` : 'un carácter invisible (copiado con el código)');
    return `El código no lleva ${[...new Set(named)].join(' ni ')}: escriba sus 16 letras y números como en su carta, con guiones o espacios entre los grupos o sin nada.`;
  }
  const typed = [...text].filter((c) => !SEPARATORS.includes(c)).length;
  return typed > VOTING_CODE_LENGTH
    ? `El código tiene 16 letras y números; escribió ${typed}. Revise que no lo escribió dos veces ni le sobra algo.`
    : `El código tiene 16 letras y números; escribió ${typed}. Revise que lo copió completo.`;
}

/** True when `normalized` is 16 symbols of ALPHABET whose last one is the check symbol of the others. */
export function hasValidCheck(normalized) {
  if (typeof normalized !== 'string' || normalized.length !== VOTING_CODE_LENGTH) return false;
  let sum = 0;
  let factor = 1; // the check symbol itself, rightmost, is not doubled
  for (let i = normalized.length - 1; i >= 0; i--) {
    const value = ALPHABET.indexOf(normalized[i]);
    if (value < 0) return false;
    const product = value * factor;
    sum += Math.floor(product / N) + (product % N);
    factor = 3 - factor;
  }
  return sum % N === 0;
}

/** The grouped form XXXX-XXXX-XXXX-XXXX of anything normalizeVotingCode accepts, else null. Ignores the check. */
export function formatVotingCode(text) {
  const normalized = normalizeVotingCode(text);
  return normalized === null ? null : normalized.match(/.{4}/g).join('-');
}
