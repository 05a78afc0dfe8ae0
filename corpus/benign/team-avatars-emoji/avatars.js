const AVATARS = ['👩‍💻', '🧑‍🔬', '👨‍🎨', '👩‍🚀', '🧑‍🍳', '👨‍👩‍👧', '🏳️‍🌈', '🧑🏽‍💼'];

function avatarFor(name) {
  let h = 0;
  for (const ch of name) h = (h * 31 + ch.codePointAt(0)) >>> 0;
  return AVATARS[h % AVATARS.length];
}

console.log(process.argv.slice(2).map(n => `${avatarFor(n)} ${n}`).join('   '));
