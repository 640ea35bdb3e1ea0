// The `fileDestination` config keys: an embedded destination that appends line protocol to local files.

export interface FileDestinationConfig {
  enable: boolean;
  directory: string;
  /**
   * Line-protocol dialect the producers encode for this destination (1, 2 or 3; 'auto' = the configured
   * InfluxDB version, else 1). The sink stores bodies as they come and never reads this.
   */
  influxVersion: number | 'auto';
  /** A file is closed and the next one started when a write would take it past this size. */
  maxFileBytes: number;
  /** Files kept in the directory; the oldest beyond this are deleted. */
  maxFiles: number;
}
