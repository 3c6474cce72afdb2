export { createSimulatorLanguageModel, type SimulatorLanguageModelOptions } from './simulator-language-model.ts';
export { SIMULATOR_MODEL_IDS, isSimulatorModelId } from './simulator-model-id.ts';
