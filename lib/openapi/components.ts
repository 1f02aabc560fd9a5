import { z } from "zod";
import { healthResponse, liveResponse } from "@/lib/health-responses";
import * as comments from "@/lib/comments/responses";
import { createCommentBody, updateCommentBody } from "@/lib/comments/schemas";
import * as history from "@/lib/history/responses";
import * as lists from "@/lib/lists/responses";
import { createInvitationBody, createListBody, transferListBody, updateListBody, updateMemberBody } from "@/lib/lists/schemas";
import * as tags from "@/lib/tags/responses";
import { createTagBody, updateTagBody } from "@/lib/tags/schemas";
import * as tasks from "@/lib/tasks/responses";
import { batchBody, completeTaskBody, createTaskBody, replaceTaskBody, updateTaskBody } from "@/lib/tasks/schemas";
import { attachmentListResponse, attachmentResponse } from "@/lib/attachments/responses";
import { uploadAttachmentBody } from "@/lib/attachments/schemas";
import * as auth from "./auth";
import { componentSchemas, jsonSchemaOf } from "./json-schema";
import { idempotencyKeyHeader } from "./parameters";
import { fieldErrorResponse, problemExamples, problemJson, problemTypeTable } from "./problems";
import type { JsonSchema, OpenApiDocument } from "./types";

// components.schemas: request bodies as the handlers parse them (zod's input side: what a
// client may send, before defaults and transforms), responses as they are sent (output
// side), each imported from the code that parses or builds it. A schema used inside
// another (CreateTaskBody in BatchBody, Task in TaskPage) becomes a $ref to its component.

/** GET /api/openapi.json: only the outline; the full OpenAPI 3.1 schema is not restated here. */
const openApiDocumentResponse = z.looseObject({
  openapi: z.string().regex(/^3\.1\.\d+$/),
  info: z.looseObject({ title: z.string(), version: z.string() }),
  paths: z.record(z.string(), z.looseObject({})),
});

const REQUEST_SCHEMAS = {
  CreateTaskBody: createTaskBody,
  ReplaceTaskBody: replaceTaskBody,
  UpdateTaskBody: updateTaskBody,
  CompleteTaskBody: completeTaskBody,
  BatchBody: batchBody,
  CreateCommentBody: createCommentBody,
  UpdateCommentBody: updateCommentBody,
  CreateListBody: createListBody,
  UpdateListBody: updateListBody,
  TransferListBody: transferListBody,
  CreateInvitationBody: createInvitationBody,
  UpdateMemberBody: updateMemberBody,
  UploadAttachmentBody: uploadAttachmentBody,
  CreateTagBody: createTagBody,
  UpdateTagBody: updateTagBody,
  SignUpBody: auth.signUpBody,
  SignInBody: auth.signInBody,
  SignOutBody: auth.signOutBody,
  DeleteUserBody: auth.deleteUserBody,
  RequestPasswordResetBody: auth.requestPasswordResetBody,
  ResetPasswordBody: auth.resetPasswordBody,
  SendVerificationEmailBody: auth.sendVerificationEmailBody,
} satisfies Record<string, z.ZodType>;

const RESPONSE_SCHEMAS = {
  Task: tasks.taskResponse,
  TaskTag: tags.taskTagResponse,
  Tag: tags.tagResponse,
  TagList: tags.tagListResponse,
  TaskPage: tasks.taskPageResponse,
  ClearedTasks: tasks.clearedTasksResponse,
  TaskSummary: tasks.taskSummaryResponse,
  TaskChanges: tasks.taskChangesResponse,
  BatchResult: tasks.batchResultResponse,
  BatchResponse: tasks.batchResponse,
  Comment: comments.commentResponse,
  CommentPage: comments.commentPageResponse,
  HistoryEntry: history.historyEntryResponse,
  HistoryPage: history.historyPageResponse,
  ActivityEntry: history.activityEntryResponse,
  ActivityPage: history.activityPageResponse,
  List: lists.listResponse,
  ListPage: lists.listPageResponse,
  Invitation: lists.invitationResponse,
  InvitationList: lists.invitationListResponse,
  ReceivedInvitation: lists.receivedInvitationResponse,
  ReceivedInvitations: lists.receivedInvitationsResponse,
  Member: lists.memberResponse,
  MemberList: lists.memberListResponse,
  Attachment: attachmentResponse,
  AttachmentList: attachmentListResponse,
  Health: healthResponse,
  Live: liveResponse,
  OpenApiDocument: openApiDocumentResponse,
  Problem: problemJson,
  FieldError: fieldErrorResponse,
  AuthUser: auth.authUser,
  SignUpResponse: auth.signUpResponse,
  SignInResponse: auth.signInResponse,
  Success: auth.successResponse,
  DeleteUserResponse: auth.deleteUserResponse,
  RequestPasswordResetResponse: auth.requestPasswordResetResponse,
  Status: auth.statusResponse,
  Token: auth.tokenResponse,
  Jwks: auth.jwksResponse,
  AuthError: auth.authError,
} satisfies Record<string, z.ZodType>;

export type SchemaName = keyof typeof REQUEST_SCHEMAS | keyof typeof RESPONSE_SCHEMAS;

export function schemaRef(name: SchemaName): { $ref: string } {
  return { $ref: `#/components/schemas/${name}` };
}

export function buildComponents(): OpenApiDocument["components"] {
  return {
    schemas: { ...componentSchemas(REQUEST_SCHEMAS, "input"), ...componentSchemas(RESPONSE_SCHEMAS, "output") },
    parameters: {
      TaskId: {
        name: "id",
        in: "path",
        required: true,
        description: "The task's id. Any other string, and another user's task, is a 404.",
        schema: { type: "string" },
      },
      AttachmentId: {
        name: "attachmentId",
        in: "path",
        required: true,
        description: "The attachment's id; one of another task is a 404 under this one.",
        schema: { type: "string" },
      },
      CommentId: {
        name: "commentId",
        in: "path",
        required: true,
        description: "The comment's id; one under another task is a 404.",
        schema: { type: "string" },
      },
      ListId: {
        name: "id",
        in: "path",
        required: true,
        description: "The list's id. A list the caller is not a member of is a 404, like one that does not exist.",
        schema: { type: "string" },
      },
      MemberId: {
        name: "userId",
        in: "path",
        required: true,
        description: "The member's user id; someone who is not a member of this list is a 404.",
        schema: { type: "string" },
      },
      ListInvitationId: {
        name: "invitationId",
        in: "path",
        required: true,
        description: "The invitation's id; one of another list is a 404.",
        schema: { type: "string" },
      },
      InvitationId: {
        name: "id",
        in: "path",
        required: true,
        description: "The invitation's id; one not addressed to the caller's email, or expired, is a 404.",
        schema: { type: "string" },
      },
      TagId: {
        name: "tagId",
        in: "path",
        required: true,
        description: "The tag's id; one of another list is a 404.",
        schema: { type: "string" },
      },
      IfMatch: {
        name: "If-Match",
        in: "header",
        description: "Write only if the task (or list) is still at one of these ETags (or `*`); otherwise 412 with the current ETag.",
        schema: { type: "string" },
      },
      IfNoneMatch: {
        name: "If-None-Match",
        in: "header",
        description: "The ETag(s) the client already has: a match answers 304 with no body.",
        schema: { type: "string" },
      },
      IdempotencyKey: { name: "Idempotency-Key", in: "header", required: false, ...describedSchema(idempotencyKeyHeader) },
    },
    headers: {
      ETag: {
        description: "The task's (or list's) current version (strong), for If-Match and If-None-Match.",
        required: true,
        schema: { type: "string", pattern: '^"\\d+"$' },
      },
      Location: { description: "The new resource's URL.", required: true, schema: { type: "string", format: "uri-reference" } },
      RetryAfter: { description: "Seconds until a request can succeed.", required: true, schema: { type: "string", pattern: "^[1-9]\\d*$" } },
      RateLimitLimit: { description: "Requests the limit allows in its window (or bucket).", required: true, schema: { type: "string", pattern: "^\\d+$" } },
      RateLimitRemaining: { description: "Requests left now.", required: true, schema: { type: "string", pattern: "^\\d+$" } },
      RateLimitReset: { description: "Seconds until the quota is whole again.", required: true, schema: { type: "string", pattern: "^\\d+$" } },
    },
    examples: problemExamples(),
    securitySchemes: {
      bearerAuth: {
        type: "http",
        scheme: "bearer",
        bearerFormat: "JWT",
        description:
          "A JWT from GET /api/auth/token: EdDSA, valid 15 minutes. When an Authorization header is present, cookies are ignored.",
      },
      cookieAuth: {
        type: "apiKey",
        in: "cookie",
        name: "better-auth.session_token",
        description:
          "The session cookie set by sign-up and sign-in (named `__Secure-better-auth.session_token` when the app is served " +
          "over HTTPS). A cookie request that changes something must come from the app's own origin, otherwise 403.",
      },
    },
    "x-problem-types": problemTypeTable(),
  };
}

function describedSchema(schema: z.ZodType) {
  const { description, ...json } = jsonSchemaOf(schema, "input");
  return { ...(typeof description === "string" && { description }), schema: json };
}
