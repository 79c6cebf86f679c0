CREATE TABLE `contact_aliases` (
	`kind` text NOT NULL,
	`value` text NOT NULL,
	`contact_id` text NOT NULL,
	PRIMARY KEY(`kind`, `value`),
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_aliases_contact_idx` ON `contact_aliases` (`contact_id`);--> statement-breakpoint
CREATE TABLE `contact_changes` (
	`key` text PRIMARY KEY NOT NULL,
	`contact_id` text NOT NULL,
	`result` text NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `contact_changes_created_idx` ON `contact_changes` (`created_at`);--> statement-breakpoint
CREATE TABLE `journey_entries` (
	`workflow_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`execution_id` text NOT NULL,
	`entered_at` text NOT NULL,
	PRIMARY KEY(`workflow_id`, `contact_id`),
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `messages` (
	`id` text PRIMARY KEY NOT NULL,
	`step_key` text NOT NULL,
	`channel` text NOT NULL,
	`to_address` text NOT NULL,
	`subject` text,
	`marketing` integer NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`provider_message_id` text,
	`execution_id` text NOT NULL,
	`workflow_id` text NOT NULL,
	`node_id` text NOT NULL,
	`contact_id` text,
	`opens` integer DEFAULT 0 NOT NULL,
	`clicks` integer DEFAULT 0 NOT NULL,
	`created_at` text NOT NULL,
	`sent_at` text,
	`delivered_at` text,
	`opened_at` text,
	`clicked_at` text,
	`bounced_at` text,
	`complained_at` text,
	`unsubscribed_at` text,
	`failed_at` text,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE UNIQUE INDEX `messages_step_key_unique` ON `messages` (`step_key`);--> statement-breakpoint
CREATE INDEX `messages_contact_created_idx` ON `messages` (`contact_id`,`created_at`,`id`);--> statement-breakpoint
CREATE INDEX `messages_workflow_idx` ON `messages` (`workflow_id`);--> statement-breakpoint
CREATE INDEX `messages_execution_node_idx` ON `messages` (`execution_id`,`node_id`);--> statement-breakpoint
CREATE INDEX `messages_provider_idx` ON `messages` (`provider_message_id`) WHERE "messages"."provider_message_id" IS NOT NULL;--> statement-breakpoint
CREATE INDEX `messages_cap_idx` ON `messages` (`channel`,`to_address`,`created_at`) WHERE "messages"."marketing" = 1;--> statement-breakpoint
CREATE TABLE `score_decay` (
	`contact_id` text PRIMARY KEY NOT NULL,
	`decayed_at` text NOT NULL,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE TABLE `scoring_rules` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`event` text NOT NULL,
	`filter` text,
	`points` integer NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `segment_members` (
	`segment_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`since` text NOT NULL,
	PRIMARY KEY(`segment_id`, `contact_id`),
	FOREIGN KEY (`segment_id`) REFERENCES `segments`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
--> statement-breakpoint
CREATE INDEX `segment_members_contact_idx` ON `segment_members` (`contact_id`);--> statement-breakpoint
CREATE TABLE `segments` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`description` text,
	`rules` text NOT NULL,
	`time_based` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `segments_name_unique` ON `segments` (`name`);--> statement-breakpoint
CREATE INDEX `segments_created_idx` ON `segments` (`created_at`,`id`);--> statement-breakpoint
CREATE TABLE `suppressions` (
	`address` text PRIMARY KEY NOT NULL,
	`channel` text NOT NULL,
	`reason` text NOT NULL,
	`source` text,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE INDEX `suppressions_created_idx` ON `suppressions` (`created_at`,`address`);--> statement-breakpoint
CREATE INDEX `events_contact_type_at_idx` ON `events` (`contact_id`,`type`,`at`);