-- The bounds Better Auth's columns lacked (Hardening II): until now any image string was
-- stored (50 MiB of one was), and a session kept whatever User-Agent came with it. Rows
-- from before are brought within the bounds first, so that every database migrates:
-- an image that is not an https URL of at most 2048 printable ASCII characters is
-- dropped (the account just shows no picture), a longer User-Agent is cut as the server
-- now cuts it, and an IP address longer than any real one is forgotten.
UPDATE "users" SET "image" = NULL WHERE "image" IS NOT NULL AND NOT (char_length("image") <= 2048 AND "image" ~ '^https://[!-~]+$');--> statement-breakpoint
UPDATE "sessions" SET "user_agent" = left("user_agent", 512) WHERE char_length("user_agent") > 512;--> statement-breakpoint
UPDATE "sessions" SET "ip_address" = NULL WHERE char_length("ip_address") > 64;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_ip_address_length_check" CHECK (char_length("sessions"."ip_address") <= 64);--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_agent_length_check" CHECK (char_length("sessions"."user_agent") <= 512);--> statement-breakpoint
ALTER TABLE "users" ADD CONSTRAINT "users_image_check" CHECK ("users"."image" is null or (char_length("users"."image") <= 2048 and "users"."image" ~ '^https://[!-~]+$'));
