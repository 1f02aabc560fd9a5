import { describe, expect, it } from "vitest";
import { escapeHtml, passwordResetMessage, verificationMessage } from "@/lib/mail/messages";

const URL_ = "http://localhost:3000/api/auth/verify-email?token=abc.def&callbackURL=%2Fverify-email";

describe("the mails", () => {
  it("say what they are in the subject", () => {
    expect(verificationMessage({ name: "Ada" }, URL_, 24).subject).toBe("Verify your email address for Tasks");
    expect(passwordResetMessage({ name: "Ada" }, URL_, 30).subject).toBe("Reset your Tasks password");
  });

  it("carry the link in both parts, escaped in HTML", () => {
    for (const message of [verificationMessage({ name: "Ada" }, URL_, 24), passwordResetMessage({ name: "Ada" }, URL_, 30)]) {
      expect(message.text).toContain(URL_);
      expect(message.html).toContain(`href="${URL_.replace("&", "&amp;")}"`);
      expect(message.text).toMatch(/^Hello Ada,\n/);
    }
  });

  it("say how long a link works", () => {
    expect(verificationMessage({ name: "Ada" }, URL_, 24).text).toContain("24 hours");
    expect(passwordResetMessage({ name: "Ada" }, URL_, 30).text).toContain("once, for 30 minutes");
  });

  it("make a name that is markup inert in HTML", () => {
    const name = `<script>alert("x")</script> & <img src=x onerror='y'>`;
    for (const message of [verificationMessage({ name }, URL_, 24), passwordResetMessage({ name }, URL_, 30)]) {
      expect(message.html).not.toContain("<script");
      expect(message.html).not.toContain("<img");
      expect(message.html).toContain("Hello &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=&#39;y&#39;&gt;,");
      expect(message.text).toContain(`Hello ${name},`);
    }
  });

  it("escapes the five characters that matter", () => {
    expect(escapeHtml(`&<>"'`)).toBe("&amp;&lt;&gt;&quot;&#39;");
  });
});
