// What a person would see of a text. A title or a name made only of characters that render
// as nothing shows as an empty line in every client: it is as empty as a blank one.

// Code points that show nothing by themselves:
// - White_Space: every kind of space, U+00A0 and U+3000 included, and the line separators;
// - Default_Ignorable_Code_Point: what renderers skip (zero-width space and joiners, word
//   joiner, soft hyphen, variation selectors, tags, the Hangul fillers...);
// - Cf, the format characters (BOM, bidi marks and isolates, invisible operators, U+180E),
//   and Cc, the controls (C1 included; stored text refuses C0 controls by its own rule);
// - U+2800, the braille cell with no dots, a blank that is neither of these;
// except the prepended concatenation marks (Arabic number sign...), format characters
// that are drawn, spanning the digits after them.
// Combining marks are not here: alone they are drawn on a dotted circle. Nor are private-
// use and unassigned code points (some font, or a box). A ZWJ emoji sequence or a Persian
// word with a ZWNJ has visible code points around its joiners, so it shows something.
const INVISIBLE = /^[\p{White_Space}\p{Default_Ignorable_Code_Point}\p{Cf}\p{Cc}\u2800]*$/u;
const DRAWN_FORMAT = /[\u0600-\u0605\u06dd\u070f\u0890\u0891\u08e2\u{110bd}\u{110cd}]/u;

/** Whether `text` would show nothing at all: empty, or only invisible code points. */
export function showsNothing(text: string): boolean {
  return INVISIBLE.test(text) && !DRAWN_FORMAT.test(text);
}
