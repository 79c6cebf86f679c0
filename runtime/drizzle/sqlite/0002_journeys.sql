CREATE TABLE `journey_entries` (
	`workflow_id` text NOT NULL,
	`contact_id` text NOT NULL,
	`execution_id` text NOT NULL,
	`entered_at` text NOT NULL,
	PRIMARY KEY(`workflow_id`, `contact_id`),
	FOREIGN KEY (`workflow_id`) REFERENCES `workflows`(`id`) ON UPDATE no action ON DELETE cascade,
	FOREIGN KEY (`contact_id`) REFERENCES `contacts`(`id`) ON UPDATE no action ON DELETE cascade
);
