import type { ComfyBindingKey, ComfyBindingValues, ComfyJson, ComfyWorkflow, ComfyWorkflowTemplate } from './comfyui-workflow.ts';
import { ComfyWorkflowError } from './comfyui-workflow-error.ts';

/**
 * Checks that every binding points at an input the graph already has (an API-format export
 * lists every widget value, so a missing input is a typo ComfyUI would silently ignore) and
 * that it is a literal, not a link; `required` bindings must be present.
 */
export function validateComfyTemplate(template: ComfyWorkflowTemplate, label: string, required: ReadonlyArray<ComfyBindingKey>): void {
  for (const key of required) {
    if (template.bindings[key] === undefined) throw new ComfyWorkflowError(`${label} needs a '${key}' binding.`);
  }
  for (const [key, ref] of Object.entries(template.bindings)) {
    if (ref === undefined) continue;
    const [nodeId, inputName] = ref;
    const node = template.graph[nodeId];
    if (node === undefined) throw new ComfyWorkflowError(`${label}: binding '${key}' names node '${nodeId}', which the workflow lacks.`);
    if (!(inputName in node.inputs)) {
      const known = Object.keys(node.inputs).join(', ');
      throw new ComfyWorkflowError(`${label}: binding '${key}' names input '${inputName}' of node '${nodeId}' (${node.class_type}), which has only: ${known}.`);
    }
    if (isLink(node.inputs[inputName])) {
      throw new ComfyWorkflowError(`${label}: binding '${key}' names input '${inputName}' of node '${nodeId}', which is linked to another node; bind that node's input instead.`);
    }
  }
  if (template.outputNodeId !== undefined && template.graph[template.outputNodeId] === undefined) {
    throw new ComfyWorkflowError(`${label}: output node '${template.outputNodeId}' is not in the workflow.`);
  }
}

/** A copy of the template's graph with each bound input set to its value (pure). */
export function bindComfyWorkflow(template: ComfyWorkflowTemplate, values: ComfyBindingValues): ComfyWorkflow {
  const graph = structuredClone(template.graph) as Record<string, { class_type: string; inputs: Record<string, ComfyJson> }>;
  for (const [key, value] of Object.entries(values)) {
    const ref = template.bindings[key as ComfyBindingKey];
    if (value === undefined || ref === undefined) continue;
    const node = graph[ref[0]];
    // validateComfyTemplate ran when the model was made; a missing node here is a programming error.
    if (node === undefined) throw new ComfyWorkflowError(`binding '${key}' names node '${ref[0]}', which the workflow lacks.`);
    node.inputs[ref[1]] = value;
  }
  return graph;
}

/** `[sourceNodeId, outputIndex]`. */
function isLink(value: ComfyJson | undefined): boolean {
  return Array.isArray(value) && value.length === 2 && typeof value[0] === 'string' && typeof value[1] === 'number';
}
