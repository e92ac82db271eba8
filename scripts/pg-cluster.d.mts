export function findPostgresBin(): string | undefined;
export interface Cluster {
  readonly url: string;
  /** Stops the server and removes the cluster. */
  stop(): void;
  /** Stops the server, keeping the cluster (`immediate` by default: a crash). */
  halt(mode?: 'smart' | 'fast' | 'immediate'): Promise<void>;
  /** Starts a halted server again. */
  resume(): Promise<void>;
}
export function startCluster(bin: string): Promise<Cluster>;
