/** A setting is missing or invalid; the message names the environment variable at fault. */
export class ConfigError extends Error {
  constructor(message: string) {
    super(`configuration: ${message}`);
    this.name = 'ConfigError';
  }
}
