CREATE TABLE `api_keys` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`scope` text NOT NULL,
	`prefix` text NOT NULL,
	`key_hash` text NOT NULL,
	`user_id` text NOT NULL,
	`created_at` text NOT NULL,
	`last_used_at` text,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `api_keys_key_hash_unique` ON `api_keys` (`key_hash`);--> statement-breakpoint
CREATE TABLE `credentials` (
	`id` text PRIMARY KEY NOT NULL,
	`type` text NOT NULL,
	`name` text NOT NULL,
	`data_encrypted` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `credentials_created_idx` ON `credentials` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `executions` (
	`id` text PRIMARY KEY NOT NULL,
	`workflow_id` text NOT NULL,
	`workflow_version` integer NOT NULL,
	`status` text NOT NULL,
	`mode` text NOT NULL,
	`trigger` text,
	`contact_id` text,
	`error` text,
	`response` text,
	`started_at` text NOT NULL,
	`finished_at` text,
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `executions_workflow_started_idx` ON `executions` (`workflow_id`,`started_at`);--> statement-breakpoint
CREATE INDEX `executions_status_started_idx` ON `executions` (`status`,`started_at`);--> statement-breakpoint
CREATE INDEX `executions_started_idx` ON `executions` (`started_at`);--> statement-breakpoint
CREATE INDEX `executions_finished_idx` ON `executions` (`finished_at`) WHERE finished_at IS NOT NULL;--> statement-breakpoint
CREATE TABLE `idempotency_keys` (
	`scope` text NOT NULL,
	`key` text NOT NULL,
	`execution_id` text NOT NULL,
	`response` text,
	`created_at` text NOT NULL,
	PRIMARY KEY(`scope`, `key`)
);
--> statement-breakpoint
CREATE INDEX `idempotency_keys_created_idx` ON `idempotency_keys` (`created_at`);--> statement-breakpoint
CREATE TABLE `sessions` (
	`token_hash` text PRIMARY KEY NOT NULL,
	`user_id` text NOT NULL,
	`expires_at` text NOT NULL,
	FOREIGN KEY (`user_id`) REFERENCES `users`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `sessions_expires_idx` ON `sessions` (`expires_at`);--> statement-breakpoint
CREATE TABLE `steps` (
	`id` text PRIMARY KEY NOT NULL,
	`execution_id` text NOT NULL,
	`node_id` text NOT NULL,
	`seq` integer NOT NULL,
	`status` text NOT NULL,
	`input` text,
	`output` text,
	`port` text,
	`error` text,
	`attempt` integer DEFAULT 0 NOT NULL,
	`resume` text,
	`joined` text DEFAULT '[]' NOT NULL,
	`started_at` text,
	`finished_at` text,
	FOREIGN KEY (`execution_id`) REFERENCES `executions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `steps_execution_seq_idx` ON `steps` (`execution_id`,`seq`);--> statement-breakpoint
CREATE TABLE `users` (
	`id` text PRIMARY KEY NOT NULL,
	`email` text NOT NULL,
	`password_hash` text NOT NULL,
	`role` text NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `users_email_unique` ON `users` (`email`);--> statement-breakpoint
CREATE TABLE `waits` (
	`step_id` text PRIMARY KEY NOT NULL,
	`execution_id` text NOT NULL,
	`due_at` integer,
	`event_type` text,
	`event_filter` text,
	`contact_id` text,
	`state` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`execution_id`) REFERENCES `executions`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `waits_due_idx` ON `waits` (`due_at`) WHERE "waits"."due_at" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `waits_contact_event_idx` ON `waits` (`contact_id`,`event_type`) WHERE "waits"."event_type" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `waits_execution_idx` ON `waits` (`execution_id`);--> statement-breakpoint
CREATE TABLE `webhook_routes` (
	`path` text NOT NULL,
	`method` text NOT NULL,
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`node_id` text NOT NULL,
	PRIMARY KEY(`path`, `method`),
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `webhook_routes_workflow_idx` ON `webhook_routes` (`workflow_id`);--> statement-breakpoint
CREATE TABLE `workflow_versions` (
	`workflow_id` text NOT NULL,
	`version` integer NOT NULL,
	`definition` text NOT NULL,
	`created_at` text NOT NULL,
	PRIMARY KEY(`workflow_id`, `version`),
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `workflows` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`active` integer DEFAULT false NOT NULL,
	`version` integer NOT NULL,
	`active_version` integer,
	`definition` text NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `workflows_created_idx` ON `workflows` (`created_at`,`id`);