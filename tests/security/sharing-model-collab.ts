import fc from "fast-check";
import { expect } from "vitest";
import { download, fileForm, upload } from "../support/attachments";
import { problems } from "../support/problems";
import { ISO, UUID } from "../support/sharing";
import type { Json, ModelList, Role, SharingWorld, Via } from "./sharing-model";
import { adoptTags, expectedTags, fold, predictTags, sortTags, tagNamed, type ModelTag } from "./sharing-model-tags";

// Issue 12's resources in the three-user sharing property (sharing-model.ts): a list's tags,
// a task's tags set by name, comments, attachments, a task's history and a list's activity.
// Each step's answer is compared whole with the model's, and every refusal is followed by a
// read-back of what it aimed at. The rights, from the README:
//   tags         any member reads; editors and above write (a viewer: 403);
//   comments     any member reads; editors and above comment; the author (still an editor
//                or above) edits; the author, the admins and the owner delete;
//   attachments  any member lists and downloads; editors and above upload and delete;
//   history      any member reads a task's; the owner and admins read the list's activity.
// Whoever is not in the list gets the 404 of a task (or list) that never existed.

const NO_SUCH_TAG = "00000000-0000-4000-8000-00000000a003";
const NO_SUCH_COMMENT = "0190f3a0-0000-7000-8000-00000000c0de";
const NO_SUCH_ATTACHMENT = "0190f3a0-0000-7000-8000-00000000f11e";
const MANAGERS: Role[] = ["owner", "admin"];
const EDITORS: Role[] = ["owner", "admin", "editor"];

const TAGS_DENIED = "Viewers of a list cannot change its tags.";

/** Names that fold onto each other: "home" and "Home", "café" and "Cafe", "errands" and "ÉRRANDS". */
export const tagName = fc.constantFrom("home", "Home", "work", "café", "Cafe", "errands", "ÉRRANDS", " urgent ");
export const tagNames = fc.array(tagName, { maxLength: 3 });

const pick = fc.nat(1_000);
export type CollabOp =
  | { kind: "createTag"; list: number; name: string; color: string | null }
  | { kind: "renameTag"; list: number; tag: number; name: string }
  | { kind: "deleteTag"; list: number; tag: number }
  | { kind: "listTags" | "activity"; list: number }
  | { kind: "tagTask"; task: number; names: string[] }
  | { kind: "filterTags"; names: string[]; all: boolean }
  | { kind: "comment" | "comments" | "upload" | "attachments" | "history"; task: number }
  | { kind: "editComment" | "deleteComment"; task: number; comment: number }
  | { kind: "download" | "deleteAttachment"; task: number; attachment: number };

export const COLLAB_READS = ["listTags", "activity", "filterTags", "comments", "attachments", "history", "download"];

export const collabOp: fc.Arbitrary<CollabOp> = fc.oneof(
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("createTag" as const), list: pick, name: tagName, color: fc.constantFrom(null, "red", "teal") }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("renameTag" as const), list: pick, tag: pick, name: tagName }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("deleteTag" as const), list: pick, tag: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("tagTask" as const), task: pick, names: tagNames }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("listTags" as const, "activity" as const), list: pick }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("filterTags" as const), names: fc.array(tagName, { minLength: 1, maxLength: 2 }), all: fc.boolean() }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("comment" as const), task: pick }) },
  { weight: 4, arbitrary: fc.record({ kind: fc.constantFrom("editComment" as const, "deleteComment" as const), task: pick, comment: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("upload" as const), task: pick }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constantFrom("download" as const, "deleteAttachment" as const), task: pick, attachment: pick }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constantFrom("comments" as const, "attachments" as const, "history" as const), task: pick }) },
);

type Stored = { json: Json; data: string };

/** What the model keeps of issue 12's resources beside the lists and tasks. */
export type CollabModel = {
  /** Each task's comments, oldest first, as their last answer showed them. */
  comments: Map<string, Map<string, Json>>;
  /** Each task's attachments, oldest first, with the bytes they hold. */
  attachments: Map<string, Map<string, Stored>>;
  /** The `commented` entries of each task by list: its history shows those of the list it is in now. */
  commented: Map<string, Map<string, number>>;
  /**
   * Every task each list has held: what its activity may name. Kept across runs by the
   * caller (an Inbox outlives a run, and its activity the tasks the run's reset deleted).
   */
  everIn: Map<string, Set<string>>;
};

export const emptyCollab = (everIn: CollabModel["everIn"]): CollabModel => ({ comments: new Map(), attachments: new Map(), commented: new Map(), everIn });

/** `items[i]` within the array and one past it (none), as sharing-model's picks go. */
const nth = <T>(items: T[], i: number): T | undefined => items[i % (items.length + 1)];

/** Three times in four one of `own`; else any of `all`, or none. */
function aim<T>(own: T[], all: T[], i: number): T | undefined {
  if (i % 4 === 0 || own.length === 0) return nth(all, i >> 2);
  return own[(i >> 2) % own.length];
}

export class CollabSteps {
  constructor(private world: SharingWorld) {}

  private get model() {
    return this.world.model;
  }

  /** A task was written into a list (created there, or moved in): that list's activity may name it. */
  arrived(taskId: string, listId: string) {
    if (!this.model.everIn.has(listId)) this.model.everIn.set(listId, new Set());
    this.model.everIn.get(listId)!.add(taskId);
  }

  private commentedIn(task: Json): number {
    return this.model.commented.get(task.id)?.get(task.listId) ?? 0;
  }

  /** The task is gone (deleted, or with its list): its comments and files with it. */
  gone(taskId: string) {
    this.model.comments.delete(taskId);
    this.model.attachments.delete(taskId);
    this.model.commented.delete(taskId);
  }

  async run(s: CollabOp & { actor: number; via: Via }): Promise<void> {
    const { actor, via } = s;
    switch (s.kind) {
      case "createTag":
      case "renameTag":
      case "deleteTag":
      case "listTags":
        return this.tagStep(s, actor, via);
      case "activity":
        return this.activity(s.list, actor, via);
      case "tagTask":
        return this.world.taskOp({ ...s, kind: "update" }, actor, via, s.names);
      case "filterTags":
        return this.filter(s.names, s.all, actor, via);
      case "comment":
      case "comments":
      case "editComment":
      case "deleteComment":
        return this.commentStep(s, actor, via);
      case "upload":
      case "attachments":
      case "download":
      case "deleteAttachment":
        return this.attachmentStep(s, actor, via);
      case "history":
        return this.history(s.task, actor, via);
    }
  }

  private tagAt(list: ModelList | undefined, i: number): ModelTag | undefined {
    const all = [...this.model.lists.values()].flatMap((l) => [...l.tags.values()]);
    return aim(list ? [...list.tags.values()] : [], all, i);
  }

  private async tagStep(s: Extract<CollabOp, { list: number }>, actor: number, via: Via) {
    const w = this.world;
    const listId = w.listAt(s.list, actor);
    const list = this.model.lists.get(listId);
    const mine = w.role(listId, actor);
    const base = `/api/lists/${listId}/tags`;
    if (s.kind === "listTags") {
      const res = await w.send(actor, via, "GET", base);
      if (!mine) return w.expectRefused(res, problems.listNotFound);
      return void expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: this.tagsOf(list!) });
    }
    if (s.kind === "createTag") {
      const res = await w.send(actor, via, "POST", base, { name: s.name, color: s.color });
      if (!mine) return w.hidden(res, listId);
      if (!EDITORS.includes(mine)) w.expectRefused(res, problems.forbidden(TAGS_DENIED));
      else if (tagNamed(list!.tags, s.name.trim())) w.expectRefused(res, problems.tagNameTaken);
      else {
        expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: { id: UUID, name: s.name.trim(), color: s.color, taskCount: 0 } });
        return adoptTags(list!.tags, [res.body]);
      }
      return this.tagsUnchanged(listId);
    }
    if (s.kind !== "renameTag" && s.kind !== "deleteTag") return;
    const tag = this.tagAt(list, s.tag);
    const tagId = tag?.id ?? NO_SUCH_TAG;
    const res =
      s.kind === "renameTag" ? await w.send(actor, via, "PATCH", `${base}/${tagId}`, { name: s.name }) : await w.send(actor, via, "DELETE", `${base}/${tagId}`);
    if (!mine) return w.hidden(res, listId);
    // The tag is looked up (by the list's id and its own) before the caller's right.
    if (!tag || !list!.tags.has(tag.id)) w.expectRefused(res, problems.tagNotFound);
    else if (!EDITORS.includes(mine)) w.expectRefused(res, problems.forbidden(TAGS_DENIED));
    else if (s.kind === "renameTag" && tagNamed(list!.tags, s.name.trim()) && tagNamed(list!.tags, s.name.trim())!.id !== tag.id) {
      w.expectRefused(res, problems.tagNameTaken);
    } else {
      const name = s.kind === "renameTag" ? s.name.trim() : undefined;
      if (name === undefined) {
        expect({ status: res.status, text: res.text }).toEqual({ status: 204, text: "" });
        list!.tags.delete(tag.id);
      } else {
        expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { ...tag, name, taskCount: this.carrying(tag.id).length } });
        list!.tags.set(tag.id, { ...tag, name });
      }
      // Every task carrying it changed by the caller's hand (unless the name is the same).
      if (name !== tag.name) await this.retagged(tag.id, name, actor);
      return;
    }
    return this.tagsUnchanged(listId);
  }

  private carrying(tagId: string): Json[] {
    return [...this.model.tasks.values()].filter((t) => t.tags.some((g: ModelTag) => g.id === tagId));
  }

  /** After a rename (`name`) or deletion (undefined): each task that carried the tag reads back changed by `actor`. */
  private async retagged(tagId: string, name: string | undefined, actor: number) {
    for (const task of this.carrying(tagId)) {
      const tags = task.tags.flatMap((g: ModelTag) => (g.id !== tagId ? [g] : name === undefined ? [] : [{ ...g, name }]));
      const expected = { ...task, tags: sortTags(tags), updatedAt: expect.any(String), updatedBy: this.world.people[actor]!.id };
      const res = await this.world.send(actor, "jwt", "GET", `/api/tasks/${task.id}`);
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: expected });
      this.model.tasks.set(task.id, res.body);
    }
  }

  tagsOf(list: ModelList) {
    const items = sortTags([...list.tags.values()]).map((t) => ({ ...t, taskCount: this.carrying(t.id).length }));
    return { items };
  }

  /** After a refused tag write: the list, and its tags, read back as the model has them. */
  private async tagsUnchanged(listId: string) {
    await this.world.unchanged(listId);
    await this.checkTags(listId);
  }

  /** The list's tags, read by its owner, are the model's. */
  async checkTags(listId: string) {
    const list = this.model.lists.get(listId);
    if (!list) return;
    const res = await this.world.send(list.owner, "jwt", "GET", `/api/lists/${listId}/tags`);
    expect(res.body).toEqual(this.tagsOf(list));
  }

  /** A task write with `tags`: what the task's tags become in its list, and the list's new tags adopted from the answer. */
  expectTags(listId: string, names: string[], answered: Json) {
    const list = this.model.lists.get(listId)!;
    expect(answered.tags).toEqual(expectedTags(predictTags(list.tags, names.map((name) => ({ name, color: null })))));
    adoptTags(list.tags, answered.tags);
  }

  /** A task moved into `listId` brings its tags by name (with their colours). */
  expectCarried(listId: string, before: Json, answered: Json) {
    const list = this.model.lists.get(listId)!;
    expect(answered.tags).toEqual(expectedTags(predictTags(list.tags, before.tags)));
    adoptTags(list.tags, answered.tags);
  }

  private async filter(names: string[], all: boolean, actor: number, via: Via) {
    const w = this.world;
    const res = await w.send(actor, via, "GET", `/api/tasks?tag=${encodeURIComponent(names.join(","))}&tagMode=${all ? "all" : "any"}&limit=100`);
    const keys = names.map((n) => fold(n.trim()));
    const matches = (t: Json) => {
      const has = new Set(t.tags.map((g: ModelTag) => fold(g.name)));
      return all ? keys.every((k) => has.has(k)) : keys.some((k) => has.has(k));
    };
    expect(res.status).toBe(200);
    expect(res.body.nextCursor).toBeNull();
    const expected = new Map([...w.visible(actor)].filter(([, t]) => matches(t)));
    expect(new Map(res.body.items.map((t: Json) => [t.id, t]))).toEqual(expected);
  }

  private async commentStep(s: Extract<CollabOp, { task: number }>, actor: number, via: Via) {
    const w = this.world;
    const taskId = w.taskAt(s.task, actor);
    const task = this.model.tasks.get(taskId);
    const mine = task && w.role(task.listId, actor);
    const comments = this.model.comments.get(taskId) ?? new Map<string, Json>();
    const path = `/api/tasks/${taskId}/comments`;
    const me = w.people[actor]!;
    if (s.kind === "comments") {
      const res = await w.send(actor, via, "GET", `${path}?limit=100`);
      if (!mine) return w.expectRefused(res, problems.notFound);
      return void expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { items: [...comments.values()], nextCursor: null } });
    }
    if (s.kind === "comment") {
      const body = `c${w.requests}`;
      const res = await w.send(actor, via, "POST", path, { body: ` ${body}\n` });
      if (!mine) return this.refused(res, problems.notFound, task);
      if (!EDITORS.includes(mine)) return this.refused(res, problems.forbidden("Viewers of a list cannot comment on its tasks."), task);
      const expected = { id: UUID, taskId, body, author: { id: me.id, name: me.name }, createdAt: ISO, editedAt: null };
      expect({ status: res.status, body: res.body }).toEqual({ status: 201, body: expected });
      this.model.comments.set(taskId, comments.set(res.body.id, res.body));
      // A comment is part of the task (its count), never of its updatedAt.
      this.model.tasks.set(taskId, { ...task, commentCount: task.commentCount + 1 });
      if (!this.model.commented.has(taskId)) this.model.commented.set(taskId, new Map());
      this.model.commented.get(taskId)!.set(task.listId, this.commentedIn(task) + 1);
      return;
    }
    if (s.kind !== "editComment" && s.kind !== "deleteComment") return;
    const everyComment = [...this.model.comments.values()].flatMap((c) => [...c.values()]);
    const comment = aim([...comments.values()], everyComment, s.comment);
    const commentPath = `${path}/${comment?.id ?? NO_SUCH_COMMENT}`;
    const edit = `e${w.requests}`;
    const res = s.kind === "editComment" ? await w.send(actor, via, "PATCH", commentPath, { body: edit }) : await w.send(actor, via, "DELETE", commentPath);
    const own = comment?.author.id === me.id;
    if (!mine) return this.refused(res, problems.notFound, task);
    if (!comment || !comments.has(comment.id)) return this.refused(res, problems.commentNotFound, task);
    if (s.kind === "editComment") {
      if (!EDITORS.includes(mine)) return this.refused(res, problems.forbidden("Viewers of a list cannot edit comments."), task);
      if (!own) return this.refused(res, problems.forbidden("Only its author can edit a comment."), task);
      expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { ...comment, body: edit, editedAt: ISO } });
      comments.set(comment.id, res.body);
      return;
    }
    if (!EDITORS.includes(mine)) return this.refused(res, problems.forbidden("Viewers of a list cannot delete comments."), task);
    if (!own && !MANAGERS.includes(mine)) {
      return this.refused(res, problems.forbidden("Only its author and the list's owner and admins can delete a comment."), task);
    }
    expect({ status: res.status, text: res.text }).toEqual({ status: 204, text: "" });
    comments.delete(comment.id);
    this.model.tasks.set(taskId, { ...task, commentCount: task.commentCount - 1 });
  }

  private async attachmentStep(s: Extract<CollabOp, { task: number }>, actor: number, via: Via) {
    const w = this.world;
    const taskId = w.taskAt(s.task, actor);
    const task = this.model.tasks.get(taskId);
    const mine = task && w.role(task.listId, actor);
    const files = this.model.attachments.get(taskId) ?? new Map<string, Stored>();
    const as = { user: w.people[actor]!, via };
    if (s.kind === "attachments") {
      const res = await w.send(actor, via, "GET", `/api/tasks/${taskId}/attachments`);
      if (!mine) return w.expectRefused(res, problems.notFound);
      return void expect({ status: res.status, body: res.body }).toEqual({ status: 200, body: { items: [...files.values()].map((f) => f.json) } });
    }
    if (s.kind === "upload") {
      const data = `file ${w.requests}`;
      const fileName = `f${w.requests}.txt`;
      const res = w.counted(await upload(w.server, taskId, fileForm(data, fileName, "text/plain"), as));
      if (!mine) return this.refused(res, problems.notFound, task);
      if (!EDITORS.includes(mine)) return this.refused(res, problems.forbidden("Viewers of a list cannot add attachments."), task);
      expect({ status: res.status, body: res.body }).toEqual({
        status: 201,
        body: {
          id: UUID,
          taskId,
          fileName,
          contentType: "text/plain",
          size: Buffer.byteLength(data),
          sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
          uploadedBy: { id: as.user.id, name: as.user.name },
          createdAt: ISO,
        },
      });
      this.model.attachments.set(taskId, files.set(res.body.id, { json: res.body, data }));
      return;
    }
    if (s.kind !== "download" && s.kind !== "deleteAttachment") return;
    const everyFile = [...this.model.attachments.values()].flatMap((f) => [...f.values()]);
    const file = aim([...files.values()], everyFile, s.attachment);
    const attachmentId = file?.json.id ?? NO_SUCH_ATTACHMENT;
    const under = file !== undefined && files.has(attachmentId);
    if (s.kind === "download") {
      const got = w.counted(await download(w.server, taskId, attachmentId, as));
      if (!mine) return w.expectRefused(got, problems.notFound);
      if (!under) return w.expectRefused(got, problems.attachments.notFound);
      const { fileName, contentType } = file.json;
      expect({ status: got.status, text: got.bytes.toString("utf8"), type: got.headers.get("content-type"), disposition: got.headers.get("content-disposition") }).toEqual({
        status: 200,
        text: file.data,
        type: contentType,
        disposition: `attachment; filename="${fileName}"; filename*=UTF-8''${fileName}`,
      });
      return;
    }
    const res = await w.send(actor, via, "DELETE", `/api/tasks/${taskId}/attachments/${attachmentId}`);
    if (!mine) return this.refused(res, problems.notFound, task);
    if (!under) return this.refused(res, problems.attachments.notFound, task);
    if (!EDITORS.includes(mine)) return this.refused(res, problems.forbidden("Viewers of a list cannot delete its attachments."), task);
    expect({ status: res.status, text: res.text }).toEqual({ status: 204, text: "" });
    files.delete(attachmentId);
  }

  /** A refused write under a task: the task, its comments and its files read back as the model has them. */
  private async refused(res: { status: number; body: unknown }, problem: { status: number }, task: Json | undefined) {
    this.world.expectRefused(res, problem);
    if (!task) return;
    await this.world.unchanged(task.listId, task.id);
    await this.checkTask(task.id);
  }

  /** The task's comments and attachments, read by its list's owner, are the model's. */
  async checkTask(taskId: string) {
    const task = this.model.tasks.get(taskId);
    const owner = task && this.model.lists.get(task.listId)?.owner;
    if (owner === undefined) return;
    const comments = await this.world.send(owner, "jwt", "GET", `/api/tasks/${taskId}/comments?limit=100`);
    expect(comments.body).toEqual({ items: [...(this.model.comments.get(taskId)?.values() ?? [])], nextCursor: null });
    const files = await this.world.send(owner, "jwt", "GET", `/api/tasks/${taskId}/attachments`);
    expect(files.body).toEqual({ items: [...(this.model.attachments.get(taskId)?.values() ?? [])].map((f) => f.json) });
  }

  private async history(pickTask: number, actor: number, via: Via) {
    const w = this.world;
    const taskId = w.taskAt(pickTask, actor);
    const task = this.model.tasks.get(taskId);
    const res = await w.send(actor, via, "GET", `/api/tasks/${taskId}/history?limit=100`);
    if (!task || !w.role(task.listId, actor)) return w.expectRefused(res, problems.notFound);
    expect(res.status).toBe(200);
    const items: Json[] = res.body.items;
    // What happened to it in this list only (a comment made in a list it left is not shown), by the three.
    expect(items.filter((e) => e.action === "commented").length).toBe(this.commentedIn(task));
    for (const e of items) expect([null, ...w.people.map((p) => p.id)]).toContain(e.actor.id);
    if (res.body.nextCursor === null) expect(["created", "moved"]).toContain(items.at(-1)?.action);
  }

  private async activity(pickList: number, actor: number, via: Via) {
    const w = this.world;
    const listId = w.listAt(pickList, actor);
    const mine = w.role(listId, actor);
    const res = await w.send(actor, via, "GET", `/api/lists/${listId}/activity?limit=100`);
    if (!mine) return w.expectRefused(res, problems.listNotFound);
    if (!MANAGERS.includes(mine)) return w.expectRefused(res, problems.forbidden("Only the owner and admins of a list can see its activity."));
    expect(res.status).toBe(200);
    // Nothing of another list's tasks, nobody but the three.
    const held = this.model.everIn.get(listId) ?? new Set();
    for (const e of res.body.items as Json[]) {
      if (e.taskId !== null) expect(held.has(e.taskId), `activity of ${listId} names task ${e.taskId}`).toBe(true);
      expect([null, ...w.people.map((p) => p.id)]).toContain(e.actor.id);
      if (e.member) expect([null, ...w.people.map((p) => p.id)]).toContain(e.member.id);
    }
  }
}
