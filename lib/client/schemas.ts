import type { components, operations } from "./api-types";

// The API's shapes under their own names, all taken from the generated types: nothing
// here is written by hand, so a change to the contract shows up as a type error in every
// caller (the web UI first).

type Schemas = components["schemas"];

export type Task = Schemas["Task"];
export type TaskPage = Schemas["TaskPage"];
export type TaskSummary = Schemas["TaskSummary"];
export type TaskChanges = Schemas["TaskChanges"];
export type ClearedTasks = Schemas["ClearedTasks"];
export type CreateTaskBody = Schemas["CreateTaskBody"];
export type ReplaceTaskBody = Schemas["ReplaceTaskBody"];
export type UpdateTaskBody = Schemas["UpdateTaskBody"];
export type CompleteTaskBody = Schemas["CompleteTaskBody"];
export type BatchBody = Schemas["BatchBody"];
export type BatchResponse = Schemas["BatchResponse"];
export type Priority = NonNullable<Task["priority"]>;

export type List = Schemas["List"];
export type ListPage = Schemas["ListPage"];
export type CreateListBody = Schemas["CreateListBody"];
export type UpdateListBody = Schemas["UpdateListBody"];
export type TransferListBody = Schemas["TransferListBody"];
export type Member = Schemas["Member"];
export type MemberList = Schemas["MemberList"];
export type UpdateMemberBody = Schemas["UpdateMemberBody"];
export type Invitation = Schemas["Invitation"];
export type InvitationList = Schemas["InvitationList"];
export type CreateInvitationBody = Schemas["CreateInvitationBody"];
export type ReceivedInvitations = Schemas["ReceivedInvitations"];
/** GET /api/lists's query: a page size and the cursor of the page before. */
export type ListListsQuery = NonNullable<operations["listLists"]["parameters"]["query"]>;

export type TaskTag = Schemas["TaskTag"];
export type Tag = Schemas["Tag"];
export type TagList = Schemas["TagList"];
export type TagColor = NonNullable<Tag["color"]>;
export type CreateTagBody = Schemas["CreateTagBody"];
export type UpdateTagBody = Schemas["UpdateTagBody"];
export type Comment = Schemas["Comment"];
export type CommentPage = Schemas["CommentPage"];
export type HistoryEntry = Schemas["HistoryEntry"];
export type HistoryPage = Schemas["HistoryPage"];
export type ActivityEntry = Schemas["ActivityEntry"];
export type ActivityPage = Schemas["ActivityPage"];
export type Attachment = Schemas["Attachment"];
export type AttachmentList = Schemas["AttachmentList"];
/** The comments', history's and activity's query: a page size and the cursor of the page before. */
export type PageQuery = NonNullable<operations["listComments"]["parameters"]["query"]>;

export type Problem = Schemas["Problem"];
export type FieldError = Schemas["FieldError"];
/** The `<name>` of `urn:tasks:problem:<name>`. */
export type ProblemName = Problem["type"] extends `urn:tasks:problem:${infer Name}` ? Name : never;

export type AuthUser = Schemas["AuthUser"];
export type AuthError = Schemas["AuthError"];
export type SignUpBody = Schemas["SignUpBody"];
export type SignInBody = Schemas["SignInBody"];
export type SignUpResponse = Schemas["SignUpResponse"];
export type SignInResponse = Schemas["SignInResponse"];
export type DeleteUserBody = Schemas["DeleteUserBody"];
export type DeleteUserResponse = Schemas["DeleteUserResponse"];
export type AuthSuccess = Schemas["Success"];
export type RequestPasswordResetBody = Schemas["RequestPasswordResetBody"];
export type RequestPasswordResetResponse = Schemas["RequestPasswordResetResponse"];
export type ResetPasswordBody = Schemas["ResetPasswordBody"];
export type SendVerificationEmailBody = Schemas["SendVerificationEmailBody"];
export type AuthStatus = Schemas["Status"];
export type Token = Schemas["Token"];
export type Jwks = Schemas["Jwks"];

/** GET /api/tasks's query: every filter optional, combined with AND; `priority` goes as one comma-separated parameter. */
export type ListTasksQuery = NonNullable<operations["listTasks"]["parameters"]["query"]>;
/** GET /api/tasks/changes's query. */
export type TaskChangesQuery = NonNullable<operations["listTaskChanges"]["parameters"]["query"]>;
/** GET /api/tasks/summary's query. */
export type TaskSummaryQuery = NonNullable<operations["summarizeTasks"]["parameters"]["query"]>;
