// Run by shutdown.test.ts as a child process: a stand-in for `next start` around db/shutdown.ts.
// argv[2]: "next" (a SIGTERM handler that drains, then exits 143, as Next's does),
// "alone" (no other handler), "failing" (like next, but closing the database fails).
import { closeOnShutdown } from "../../../db/shutdown";

const mode = process.argv[2];
const say = (line: string) => process.stdout.write(`${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

if (mode !== "alone") {
  // Registered first, as Next registers its own before any request opens the pool.
  process.on("SIGTERM", () => {
    say("draining");
    void sleep(200).then(() => {
      say("drained");
      process.exit(143);
    });
  });
}

const close = async () => {
  say("closing");
  await sleep(50);
  if (mode === "failing") throw new Error("end failed");
  say("closed");
};
closeOnShutdown(close);
closeOnShutdown(close); // a second registration (hot reload, a reopened pool) is ignored

setInterval(() => {}, 1000);
say("ready");
