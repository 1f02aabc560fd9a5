import { describe, expect, it } from "vitest";
import { showsNothing } from "@/lib/text/visible";

// The one test of what "shows nothing" means; titles (lib/tasks/schemas.ts) and account
// names (lib/auth-user-rules.ts) refuse such text as they refuse a blank one.

describe("showsNothing", () => {
  it.each([
    ["the empty string", ""],
    ["spaces", "   "],
    ["zero-width space U+200B", "\u200b"],
    ["word joiner U+2060", "\u2060"],
    ["byte order mark U+FEFF", "\ufeff"],
    ["ZWNJ and ZWJ alone", "\u200c\u200d"],
    ["soft hyphen U+00AD", "\u00ad"],
    ["left-to-right and right-to-left marks", "\u200e\u200f"],
    ["bidi embeddings and isolates", "\u202a\u202e\u2066\u2069"],
    ["invisible times and separator U+2062-2063", "\u2062\u2063"],
    ["Arabic letter mark U+061C", "\u061c"],
    ["Mongolian vowel separator U+180E", "\u180e"],
    ["combining grapheme joiner U+034F", "\u034f"],
    ["variation selectors", "\ufe0f\ufe0e"],
    ["an ideographic variation selector (U+E0100)", "\u{e0100}"],
    ["tag characters (U+E0020-E007F)", "\u{e0041}\u{e007f}"],
    ["Hangul fillers U+115F U+1160 U+3164 U+FFA0", "\u115f\u1160\u3164\uffa0"],
    ["braille pattern blank U+2800", "\u2800"],
    ["no-break space U+00A0", "\u00a0"],
    ["ideographic space U+3000", "\u3000"],
    ["en quad to hair space U+2000-200A", "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"],
    ["narrow no-break and medium mathematical space", "\u202f\u205f"],
    ["line and paragraph separators", "\u2028\u2029"],
    ["Ogham space mark U+1680", "\u1680"],
    ["C1 controls (NEL, U+0080)", "\u0085\u0080"],
    ["a mix of all of them", " \u200b\u2060\ufeff\u3000\u00a0\u2800\u{e0020} "],
  ])("%s", (_, text) => {
    expect(showsNothing(text)).toBe(true);
  });

  it.each([
    ["a letter", "a"],
    ["a letter between invisible ones", "\u200bx\u200b"],
    ["an emoji", "😀"],
    ["a ZWJ family sequence", "👨‍👩‍👧"],
    ["an emoji with a variation selector", "❤\ufe0f"],
    ["a flag (regional indicators)", "🇫🇷"],
    ["a tag-sequence flag (Scotland)", "🏴\u{e0067}\u{e0062}\u{e0073}\u{e0063}\u{e0074}\u{e007f}"],
    ["Persian with ZWNJ", "می\u200cخواهم"],
    ["Hindi with ZWJ", "क्\u200dष"],
    ["a lone combining acute (shown on a dotted circle)", "\u0301"],
    ["a digit", "0"],
    ["punctuation", "."],
    ["an Arabic number sign (shown above its digits)", "\u0600"],
    ["a private-use character (shown by some font or as a box)", "\ue000"],
    ["the replacement character", "\ufffd"],
  ])("shows something: %s", (_, text) => {
    expect(showsNothing(text)).toBe(false);
  });
});
