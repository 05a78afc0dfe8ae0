module.exports = s => s.replace(/"([^"]*)"/g, '\u201c$1\u201d').replace(/'/g, '\u2019');
