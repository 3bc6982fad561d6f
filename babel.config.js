// Babel preset for Taro: React + TypeScript on the webpack5 runner.
module.exports = {
  presets: [['taro', { framework: 'react', ts: true, compiler: 'webpack5' }]],
};
