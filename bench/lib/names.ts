/** The three servers a fan-out is measured on, side by side. */
export const TARGETS = ['tallyroom', 'socketio', 'rawws'] as const;
export type TargetName = (typeof TARGETS)[number];
export const TARGET_LABELS: Record<TargetName, string> = { tallyroom: 'Tallyroom', socketio: 'bare socket.io', rawws: 'raw ws' };
