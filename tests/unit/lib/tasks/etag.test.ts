import { describe, expect, it } from "vitest";
import { etagOf, parsePrecondition } from "@/lib/http/etag";
import { matches } from "@/lib/tasks/precondition";

describe("etagOf", () => {
  it("is the revision as a strong tag", () => {
    expect(etagOf({ revision: 42 })).toBe('"42"');
  });
});

describe("parsePrecondition", () => {
  it.each([
    [null, "strong", undefined],
    ["*", "strong", "*"],
    [' * ', "weak", "*"],
    ['"5"', "strong", [5]],
    ['"5", "7" ,"9"', "strong", [5, 7, 9]],
    ['W/"5"', "strong", []],
    ['W/"5", "7"', "strong", [7]],
    ['W/"5"', "weak", [5]],
    ['"abc", 5, ""', "strong", []],
    ['"1234567890123456"', "strong", []],
  ] as const)("reads %j (%s comparison) as %j", (header, comparison, expected) => {
    expect(parsePrecondition(header, comparison)).toEqual(expected);
  });
});

describe("matches", () => {
  it.each([
    ["*", 3, true],
    [[1, 3], 3, true],
    [[1, 2], 3, false],
    [[], 3, false],
  ] as const)("%j against revision %i is %s", (precondition, revision, expected) => {
    expect(matches(precondition === "*" ? "*" : [...precondition], { revision })).toBe(expected);
  });
});
