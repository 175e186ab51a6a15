/** Katib's webhook rejects Experiment names longer than this. */
export const MAX_EXPERIMENT_NAME = 40;
