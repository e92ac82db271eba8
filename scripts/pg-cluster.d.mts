export function findPostgresBin(): string | undefined;
export function startCluster(bin: string): Promise<{ url: string; stop(): void }>;
