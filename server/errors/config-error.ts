/** A configuration value that stops start-up; the message names the variable. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}
