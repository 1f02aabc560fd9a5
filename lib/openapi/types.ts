// The slice of OpenAPI 3.1 this builder writes. Schemas are JSON Schema 2020-12 (zod's
// output), so they stay loosely typed here.

export type JsonSchema = Record<string, unknown>;

export type HttpMethod = "get" | "put" | "post" | "delete" | "patch";

export type Reference = { $ref: string };

export type Header = { description?: string; required?: boolean; schema: JsonSchema };

export type Parameter = {
  name: string;
  in: "query" | "header" | "path" | "cookie";
  description?: string;
  required?: boolean;
  /** How an array is written; ours: `form` without explode, one comma-separated value. */
  style?: "form" | "simple";
  explode?: boolean;
  schema: JsonSchema;
};

export type MediaType = { schema: JsonSchema; examples?: Record<string, Reference> };

export type RequestBody = { description?: string; required?: boolean; content: Record<string, MediaType> };

export type ResponseObject = {
  description: string;
  headers?: Record<string, Header | Reference>;
  content?: Record<string, MediaType>;
};

export type Operation = {
  operationId: string;
  summary: string;
  description?: string;
  tags: string[];
  security?: Record<string, string[]>[];
  parameters?: (Parameter | Reference)[];
  requestBody?: RequestBody;
  responses: Record<string, ResponseObject>;
};

export type PathItem = Partial<Record<HttpMethod, Operation>>;

export type Paths = Record<string, PathItem>;

export type OpenApiDocument = {
  openapi: string;
  info: { title: string; version: string; description?: string };
  servers?: { url: string; description?: string }[];
  security: Record<string, string[]>[];
  tags: { name: string; description: string }[];
  paths: Paths;
  components: {
    schemas: Record<string, JsonSchema>;
    parameters: Record<string, Parameter>;
    headers: Record<string, Header>;
    examples: Record<string, { summary: string; value: unknown }>;
    securitySchemes: Record<string, Record<string, string>>;
    "x-problem-types": { code: string; type: string; status: number; title: string }[];
  };
};
