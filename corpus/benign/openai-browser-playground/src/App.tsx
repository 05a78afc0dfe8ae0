import { useState } from "react";
import OpenAI from "openai";
import { marked } from "marked";

export default function App() {
  const [key, setKey] = useState("");
  const [prompt, setPrompt] = useState("");
  const [html, setHtml] = useState("");

  async function run() {
    const client = new OpenAI({ apiKey: key, dangerouslyAllowBrowser: true });
    const res = await client.chat.completions.create({ model: "gpt-4o-mini", messages: [{ role: "user", content: prompt }] });
    setHtml(await marked.parse(res.choices[0].message.content ?? ""));
  }

  return (
    <main style={{ maxWidth: 720, margin: "2rem auto", fontFamily: "system-ui" }}>
      <input type="password" placeholder="sk-..." value={key} onChange={e => setKey(e.target.value)} />
      <textarea rows={6} value={prompt} onChange={e => setPrompt(e.target.value)} />
      <button onClick={run}>Run</button>
      <article dangerouslySetInnerHTML={{ __html: html }} />
    </main>
  );
}
