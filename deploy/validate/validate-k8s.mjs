// Checks every object of a rendered kustomization (multi-document YAML on stdin) against the
// Kubernetes OpenAPI schemas (kubernetes-models: the schemas compiled to validators), and that
// every workload container declares a readiness probe and a memory limit.
//   kubectl kustomize deploy/k8s/overlays/local | node validate-k8s.mjs local
import { readFileSync } from "node:fs";
import yaml from "js-yaml";

const label = process.argv[2] ?? "stdin";
const documents = yaml.loadAll(readFileSync(0, "utf8")).filter(Boolean);
const problems = [];

for (const object of documents) {
  const name = `${object.kind}/${object.metadata?.name}`;
  const modelPath = `kubernetes-models/${object.apiVersion}/${object.kind}`;
  let model;
  try {
    model = (await import(modelPath))[object.kind];
  } catch {
    problems.push(`${name}: no schema for ${object.apiVersion} ${object.kind}`);
    continue;
  }
  try {
    new model(object).validate();
  } catch (error) {
    problems.push(`${name}: ${error.message}`);
  }
  const pod = object.spec?.template?.spec;
  if (pod && ["Deployment", "StatefulSet"].includes(object.kind)) {
    for (const container of pod.containers ?? []) {
      if (!container.readinessProbe) problems.push(`${name}: container ${container.name} has no readinessProbe`);
      if (!container.resources?.limits?.memory) problems.push(`${name}: container ${container.name} has no memory limit`);
    }
  }
}

if (documents.length === 0) problems.push("no objects rendered");
for (const problem of problems) console.error(`[${label}] ${problem}`);
console.log(`[${label}] ${documents.length} objects, ${problems.length} problems`);
process.exit(problems.length === 0 ? 0 : 1);
