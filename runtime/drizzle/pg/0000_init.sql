CREATE TABLE "api_keys" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"scope" text NOT NULL,
	"prefix" text NOT NULL,
	"key_hash" text NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"last_used_at" text,
	CONSTRAINT "api_keys_key_hash_unique" UNIQUE("key_hash")
);
--> statement-breakpoint
CREATE TABLE "contact_aliases" (
	"kind" text NOT NULL,
	"value" text NOT NULL,
	"contact_id" text COLLATE "C" NOT NULL,
	CONSTRAINT "contact_aliases_kind_value_pk" PRIMARY KEY("kind","value")
);
--> statement-breakpoint
CREATE TABLE "contact_changes" (
	"key" text PRIMARY KEY NOT NULL,
	"contact_id" text COLLATE "C" NOT NULL,
	"result" json NOT NULL,
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "events" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"contact_id" text COLLATE "C" NOT NULL,
	"type" text NOT NULL,
	"data" jsonb,
	"at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "contacts" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"email" text,
	"phone" text,
	"first_name" text,
	"last_name" text,
	"timezone" text,
	"locale" text,
	"tags" jsonb DEFAULT '[]' NOT NULL,
	"score" integer DEFAULT 0 NOT NULL,
	"fields" jsonb DEFAULT '{}' NOT NULL,
	"consent" jsonb DEFAULT '{}' NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "credentials" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"type" text NOT NULL,
	"name" text NOT NULL,
	"data_encrypted" text NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "executions" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"workflow_id" text COLLATE "C" NOT NULL,
	"workflow_version" integer NOT NULL,
	"status" text NOT NULL,
	"mode" text NOT NULL,
	"trigger" json,
	"contact_id" text,
	"error" json,
	"response" json,
	"started_at" text COLLATE "C" NOT NULL,
	"finished_at" text COLLATE "C"
);
--> statement-breakpoint
CREATE TABLE "idempotency_keys" (
	"scope" text NOT NULL,
	"key" text NOT NULL,
	"execution_id" text NOT NULL,
	"response" json,
	"created_at" text COLLATE "C" NOT NULL,
	CONSTRAINT "idempotency_keys_scope_key_pk" PRIMARY KEY("scope","key")
);
--> statement-breakpoint
CREATE TABLE "journey_entries" (
	"workflow_id" text COLLATE "C" NOT NULL,
	"contact_id" text COLLATE "C" NOT NULL,
	"execution_id" text NOT NULL,
	"entered_at" text NOT NULL,
	CONSTRAINT "journey_entries_workflow_id_contact_id_pk" PRIMARY KEY("workflow_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "messages" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"step_key" text NOT NULL,
	"channel" text NOT NULL,
	"to_address" text NOT NULL,
	"subject" text,
	"marketing" boolean NOT NULL,
	"status" text NOT NULL,
	"reason" text,
	"provider_message_id" text,
	"execution_id" text NOT NULL,
	"workflow_id" text NOT NULL,
	"node_id" text NOT NULL,
	"contact_id" text COLLATE "C",
	"opens" integer DEFAULT 0 NOT NULL,
	"clicks" integer DEFAULT 0 NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"sent_at" text,
	"delivered_at" text,
	"opened_at" text,
	"clicked_at" text,
	"bounced_at" text,
	"complained_at" text,
	"unsubscribed_at" text,
	"failed_at" text,
	CONSTRAINT "messages_step_key_unique" UNIQUE("step_key")
);
--> statement-breakpoint
CREATE TABLE "score_decay" (
	"contact_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"decayed_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "scoring_rules" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"event" text NOT NULL,
	"filter" json,
	"points" integer NOT NULL,
	"active" boolean DEFAULT true NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
CREATE TABLE "segment_members" (
	"segment_id" text COLLATE "C" NOT NULL,
	"contact_id" text COLLATE "C" NOT NULL,
	"since" text NOT NULL,
	CONSTRAINT "segment_members_segment_id_contact_id_pk" PRIMARY KEY("segment_id","contact_id")
);
--> statement-breakpoint
CREATE TABLE "segments" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"description" text,
	"rules" json NOT NULL,
	"time_based" boolean DEFAULT false NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"updated_at" text NOT NULL,
	CONSTRAINT "segments_name_unique" UNIQUE("name")
);
--> statement-breakpoint
CREATE TABLE "sessions" (
	"token_hash" text PRIMARY KEY NOT NULL,
	"user_id" text COLLATE "C" NOT NULL,
	"expires_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "steps" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"execution_id" text COLLATE "C" NOT NULL,
	"node_id" text NOT NULL,
	"seq" integer NOT NULL,
	"status" text NOT NULL,
	"input" json,
	"output" json,
	"port" text,
	"error" json,
	"attempt" integer DEFAULT 0 NOT NULL,
	"resume" json,
	"joined" json DEFAULT '[]' NOT NULL,
	"started_at" text,
	"finished_at" text
);
--> statement-breakpoint
CREATE TABLE "suppressions" (
	"address" text COLLATE "C" PRIMARY KEY NOT NULL,
	"channel" text NOT NULL,
	"reason" text NOT NULL,
	"source" text,
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "users" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"email" text NOT NULL,
	"password_hash" text NOT NULL,
	"role" text NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "users_email_unique" UNIQUE("email")
);
--> statement-breakpoint
CREATE TABLE "waits" (
	"step_id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"execution_id" text COLLATE "C" NOT NULL,
	"due_at" bigint,
	"event_type" text,
	"event_filter" json,
	"contact_id" text,
	"state" json,
	"created_at" text COLLATE "C" NOT NULL
);
--> statement-breakpoint
CREATE TABLE "webhook_routes" (
	"path" text COLLATE "C" NOT NULL,
	"method" text NOT NULL,
	"workflow_id" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"node_id" text NOT NULL,
	CONSTRAINT "webhook_routes_path_method_pk" PRIMARY KEY("path","method")
);
--> statement-breakpoint
CREATE TABLE "workflow_versions" (
	"workflow_id" text COLLATE "C" NOT NULL,
	"version" integer NOT NULL,
	"definition" json NOT NULL,
	"created_at" text NOT NULL,
	CONSTRAINT "workflow_versions_workflow_id_version_pk" PRIMARY KEY("workflow_id","version")
);
--> statement-breakpoint
CREATE TABLE "workflows" (
	"id" text COLLATE "C" PRIMARY KEY NOT NULL,
	"name" text NOT NULL,
	"active" boolean DEFAULT false NOT NULL,
	"version" integer NOT NULL,
	"active_version" integer,
	"definition" json NOT NULL,
	"created_at" text COLLATE "C" NOT NULL,
	"updated_at" text NOT NULL
);
--> statement-breakpoint
ALTER TABLE "api_keys" ADD CONSTRAINT "api_keys_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_aliases" ADD CONSTRAINT "contact_aliases_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "contact_changes" ADD CONSTRAINT "contact_changes_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "events" ADD CONSTRAINT "events_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "executions" ADD CONSTRAINT "executions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_entries" ADD CONSTRAINT "journey_entries_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "journey_entries" ADD CONSTRAINT "journey_entries_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "messages" ADD CONSTRAINT "messages_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "score_decay" ADD CONSTRAINT "score_decay_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_segment_id_segments_id_fk" FOREIGN KEY ("segment_id") REFERENCES "public"."segments"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "segment_members" ADD CONSTRAINT "segment_members_contact_id_contacts_id_fk" FOREIGN KEY ("contact_id") REFERENCES "public"."contacts"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "sessions" ADD CONSTRAINT "sessions_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "steps" ADD CONSTRAINT "steps_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "waits" ADD CONSTRAINT "waits_execution_id_executions_id_fk" FOREIGN KEY ("execution_id") REFERENCES "public"."executions"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "webhook_routes" ADD CONSTRAINT "webhook_routes_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "workflow_versions" ADD CONSTRAINT "workflow_versions_workflow_id_workflows_id_fk" FOREIGN KEY ("workflow_id") REFERENCES "public"."workflows"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "contact_aliases_contact_idx" ON "contact_aliases" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "contact_changes_created_idx" ON "contact_changes" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "events_contact_at_idx" ON "events" USING btree ("contact_id","at");--> statement-breakpoint
CREATE INDEX "events_type_at_idx" ON "events" USING btree ("type","at");--> statement-breakpoint
CREATE INDEX "events_contact_type_at_idx" ON "events" USING btree ("contact_id","type","at");--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_email_idx" ON "contacts" USING btree ("email") WHERE "contacts"."email" IS NOT NULL;--> statement-breakpoint
CREATE UNIQUE INDEX "contacts_phone_idx" ON "contacts" USING btree ("phone") WHERE "contacts"."phone" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "contacts_created_idx" ON "contacts" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "credentials_created_idx" ON "credentials" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "executions_workflow_started_idx" ON "executions" USING btree ("workflow_id","started_at");--> statement-breakpoint
CREATE INDEX "executions_status_started_idx" ON "executions" USING btree ("status","started_at");--> statement-breakpoint
CREATE INDEX "executions_started_idx" ON "executions" USING btree ("started_at");--> statement-breakpoint
CREATE INDEX "executions_finished_idx" ON "executions" USING btree ("finished_at") WHERE finished_at IS NOT NULL;--> statement-breakpoint
CREATE INDEX "idempotency_keys_created_idx" ON "idempotency_keys" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "messages_contact_created_idx" ON "messages" USING btree ("contact_id","created_at","id");--> statement-breakpoint
CREATE INDEX "messages_workflow_idx" ON "messages" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "messages_execution_node_idx" ON "messages" USING btree ("execution_id","node_id");--> statement-breakpoint
CREATE INDEX "messages_provider_idx" ON "messages" USING btree ("provider_message_id") WHERE "messages"."provider_message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "messages_cap_idx" ON "messages" USING btree ("channel","to_address","created_at") WHERE "messages"."marketing";--> statement-breakpoint
CREATE INDEX "segment_members_contact_idx" ON "segment_members" USING btree ("contact_id");--> statement-breakpoint
CREATE INDEX "segments_created_idx" ON "segments" USING btree ("created_at","id");--> statement-breakpoint
CREATE INDEX "sessions_expires_idx" ON "sessions" USING btree ("expires_at");--> statement-breakpoint
CREATE INDEX "steps_execution_seq_idx" ON "steps" USING btree ("execution_id","seq");--> statement-breakpoint
CREATE INDEX "suppressions_created_idx" ON "suppressions" USING btree ("created_at","address");--> statement-breakpoint
CREATE INDEX "waits_due_idx" ON "waits" USING btree ("due_at") WHERE "waits"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "waits_contact_event_idx" ON "waits" USING btree ("contact_id","event_type") WHERE "waits"."event_type" IS NOT NULL;--> statement-breakpoint
CREATE INDEX "waits_execution_idx" ON "waits" USING btree ("execution_id");--> statement-breakpoint
CREATE INDEX "webhook_routes_workflow_idx" ON "webhook_routes" USING btree ("workflow_id");--> statement-breakpoint
CREATE INDEX "workflows_created_idx" ON "workflows" USING btree ("created_at","id");