import { describe, expect, it } from 'vitest';
import { argumentHintOf, matchFunctionTool } from './match-function-tool.ts';

const WEATHER = { name: 'get_weather', description: 'Get the current weather for a location' };
const STOCKS = { name: 'getStockPrice', description: 'Latest trading price of a stock ticker' };
const LOOKUP = { name: 'lookup', description: '' };

describe('matchFunctionTool', () => {
  it('picks the tool whose name the message is about, with the place it names', () => {
    expect(matchFunctionTool("What's the weather like in San Francisco?", [LOOKUP, WEATHER, STOCKS])).toEqual({ toolName: 'get_weather', argumentHint: 'San Francisco' });
    expect(matchFunctionTool('What is the stock price of ACME?', [WEATHER, STOCKS])).toEqual({ toolName: 'getStockPrice', argumentHint: 'ACME' });
  });

  it('matches on two description words when the name says nothing', () => {
    const tool = { name: 'fn_1', description: 'Latest trading price of a stock ticker' };
    expect(matchFunctionTool('trading price today?', [tool])?.toolName).toBe('fn_1');
    expect(matchFunctionTool('what is the price?', [tool])).toBeUndefined();
  });

  it('calls nothing for a message about none of the tools, or about words every tool name has', () => {
    expect(matchFunctionTool('Say hello in exactly 3 words.', [WEATHER, STOCKS, LOOKUP])).toBeUndefined();
    expect(matchFunctionTool('Can you get me the location?', [WEATHER])).toBeUndefined();
    expect(matchFunctionTool('weather', [])).toBeUndefined();
  });

  it('is deterministic: the higher score wins, the first offered wins a tie', () => {
    const forecast = { name: 'weather_forecast', description: 'Weather forecast for the coming days' };
    expect(matchFunctionTool('weather forecast for Oslo', [WEATHER, forecast])?.toolName).toBe('weather_forecast');
    expect(matchFunctionTool('weather in Oslo', [WEATHER, forecast])?.toolName).toBe('get_weather');
    expect(matchFunctionTool('weather in Oslo', [forecast, WEATHER])?.toolName).toBe('weather_forecast');
  });
});

describe('argumentHintOf', () => {
  it('takes the last place or topic phrase, without time words and punctuation', () => {
    expect(argumentHintOf('Tell me about the weather in Paris, France today.')).toBe('Paris, France');
    expect(argumentHintOf('Is it sunny in Rome right now?')).toBe('Rome');
  });

  it('falls back to the first sentence', () => {
    expect(argumentHintOf('weather forecast')).toBe('weather forecast');
    expect(argumentHintOf('   ')).toBe('example');
  });
});
