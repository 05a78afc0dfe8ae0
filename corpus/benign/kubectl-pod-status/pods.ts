import { execFile } from "node:child_process";
import { promisify } from "node:util";

const run = promisify(execFile);
const ctxIdx = process.argv.indexOf("--context");
const args = ["get", "pods", "-A", "-o", "json", ...(ctxIdx > 0 ? ["--context", process.argv[ctxIdx + 1]] : [])];

const { stdout } = await run("kubectl", args, { maxBuffer: 64 * 1024 * 1024 });
const pods = JSON.parse(stdout).items as any[];
for (const p of pods) {
  const cs = p.status.containerStatuses ?? [];
  const restarts = cs.reduce((n: number, c: any) => n + c.restartCount, 0);
  const waiting = cs.map((c: any) => c.state.waiting?.reason).find(Boolean);
  if (p.status.phase === "Pending" || waiting || restarts > 5)
    console.log(`${p.metadata.namespace}/${p.metadata.name}  ${waiting ?? p.status.phase}  restarts=${restarts}`);
}
