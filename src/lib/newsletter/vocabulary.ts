/**
 * Newsletter vocabularies: stable codes for the database, URLs and the API.
 * Display names live in messages/newsletter. Client-safe.
 * Topics are the atlas's action fields; regions are the four ArL regions.
 */

export const SUBSCRIBER_STATUSES = ['pending', 'active'] as const;
export type SubscriberStatus = (typeof SUBSCRIBER_STATUSES)[number];

export const ISSUE_STATUSES = ['draft', 'scheduled', 'sending', 'paused', 'sent', 'cancelled'] as const;
export type IssueStatus = (typeof ISSUE_STATUSES)[number];

export const DELIVERY_STATUSES = ['queued', 'sending', 'sent', 'failed', 'uncertain', 'skipped'] as const;
export type DeliveryStatus = (typeof DELIVERY_STATUSES)[number];

/** What the network sends in "for the newsletter". */
export const SUBMISSION_KINDS = ['project_news', 'event', 'practical_aid', 'offer'] as const;
export type SubmissionKind = (typeof SUBMISSION_KINDS)[number];

export const SUBMISSION_STATUSES = ['pending', 'submitted', 'approved', 'rejected', 'used'] as const;
export type SubmissionStatus = (typeof SUBMISSION_STATUSES)[number];
