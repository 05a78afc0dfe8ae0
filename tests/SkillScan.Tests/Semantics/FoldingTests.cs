namespace SkillScan.Tests.Semantics;

/// <summary>Constant folding: the first argument of a sink call shows the string the code builds.</summary>
public sealed class FoldingTests
{
    private static string? JsArg(string code, string callee = "eval") => Lowered.Js(code).Call(callee).Args[0].Constant;

    private static string? PyArg(string code, string callee = "exec") => Lowered.Py(code).Call(callee).Args[0].Constant;

    [Theory]
    [InlineData("eval('ale' + 'rt(1)');", "alert(1)")]
    [InlineData("const a = 'ale'; const b = `${a}rt(${1 + 1})`; eval(b);", "alert(2)")]
    [InlineData("eval(['a', 'l', 'e', 'r', 't'].join(''));", "alert")]
    [InlineData("eval('tre' + 'la'.split('').reverse().join(''));", "treal")]
    [InlineData("eval(')1(trela'.split('').reverse().join(''));", "alert(1)")]
    [InlineData("eval(atob('YWxlcnQoMSk='));", "alert(1)")]
    [InlineData("eval(Buffer.from('YWxlcnQoMSk=', 'base64').toString());", "alert(1)")]
    [InlineData("eval(Buffer.from('616c657274283129', 'hex').toString('utf8'));", "alert(1)")]
    [InlineData("eval(String.fromCharCode(97, 108, 101, 114, 116));", "alert")]
    [InlineData("eval(String.fromCharCode(...[97, 108, 101, 114, 116]));", "alert")]
    [InlineData("eval(String.fromCharCode.apply(null, [97, 108]));", "al")]
    [InlineData("eval([97, 108].map(c => String.fromCharCode(c)).join(''));", "al")]
    [InlineData("eval(unescape('%61%6c%u0065rt'));", "alert")]
    [InlineData("eval(decodeURIComponent('%61lert'));", "alert")]
    [InlineData("eval('\\x61\\u006c\\u{65}rt');", "alert")]
    [InlineData("let c = 'x'; c = 'alert'; eval(c);", "alert")]
    [InlineData("const o = { code: 'alert(1)' }; eval(o.code);", "alert(1)")]
    [InlineData("const o = { code: 'alert(1)' }; eval(o['co' + 'de']);", "alert(1)")]
    [InlineData("eval('aXlXeXrXt'.replace(/X/g, ''));", "alert")]
    [InlineData("eval('alert'.slice(0, 3));", "ale")]
    public void JavaScriptFolds(string code, string expected) => Assert.Equal(expected, JsArg(code));

    [Theory]
    [InlineData("exec('imp' + 'ort os')\n", "import os")]
    [InlineData("m = 'os'\nexec(f'import {m}')\n", "import os")]
    [InlineData("exec('import %s' % 'os')\n", "import os")]
    [InlineData("exec('import %s, %s' % ('os', 'sys'))\n", "import os, sys")]
    [InlineData("exec('import {}'.format('os'))\n", "import os")]
    [InlineData("exec('import {m}'.format(m='os'))\n", "import os")]
    [InlineData("exec(''.join(['im', 'port ', 'os']))\n", "import os")]
    [InlineData("exec('so tropmi'[::-1])\n", "import os")]
    [InlineData("import base64\nexec(base64.b64decode('aW1wb3J0IG9z').decode())\n", "import os")]
    [InlineData("import base64\nexec(base64.b64decode(b'aW1wb3J0IG9z').decode('utf-8'))\n", "import os")]
    [InlineData("exec(bytes.fromhex('696d706f7274206f73').decode())\n", "import os")]
    [InlineData("import codecs\nexec(codecs.decode('vzcbeg bf', 'rot13'))\n", "import os")]
    [InlineData("import binascii\nexec(binascii.unhexlify('696d706f7274206f73'))\n", "import os")]
    [InlineData("exec(chr(105) + chr(109) + 'port os')\n", "import os")]
    [InlineData("exec(''.join(chr(c) for c in [105, 109, 112, 111, 114, 116]))\n", "import")]
    [InlineData("exec(''.join([chr(c) for c in [105, 109]]))\n", "im")]
    [InlineData("exec(''.join(map(chr, [105, 109])))\n", "im")]
    [InlineData("x = 'a'\nx = 'import os'\nexec(x)\n", "import os")]
    [InlineData("d = {'c': 'import os'}\nexec(d['c'])\n", "import os")]
    [InlineData("exec('import ' 'os')\n", "import os")]
    [InlineData("exec('\\x69mport os')\n", "import os")]
    [InlineData("exec(r'import os\\n')\n", "import os\\n")]
    [InlineData("exec('IMPORT OS'.lower())\n", "import os")]
    [InlineData("exec('import_os'.replace('_', ' '))\n", "import os")]
    public void PythonFolds(string code, string expected) => Assert.Equal(expected, PyArg(code));

    [Fact]
    public void DecoderChainIsRecorded()
    {
        var js = Lowered.Js("eval(atob('YWxlcnQoMSk='));");
        Assert.Equal("base64", js.Call("eval").Args[0].DecodedBy);
        var py = Lowered.Py("import base64, codecs\nexec(codecs.decode(base64.b64decode('dnpjYmVnIGJm').decode(), 'rot13'))\n");
        var arg = py.Call("exec").Args[0];
        Assert.Equal("import os", arg.Constant);
        Assert.Equal("base64+rot13", arg.DecodedBy);
    }

    [Fact]
    public void UnknownPartsLeaveNoConstantButAShapedString()
    {
        var js = Lowered.Js("fetch(`https://discord.com/api/webhooks/${id}/${token}`);");
        Assert.Null(js.Call("fetch").Args[0].Constant);
        Assert.Contains(js.Facts.Strings, s => s.Value == "https://discord.com/api/webhooks/…/…");
    }

    [Fact]
    public void StringFactsForLiteralsAndFoldedValues()
    {
        var py = Lowered.Py("url = 'https://' + 'paste' + 'bin.com/raw/x'\nabc = 'ab'\n");
        Assert.Contains(py.Facts.Strings, s => s.Value == "https://pastebin.com/raw/x");
        Assert.Contains(py.Facts.Strings, s => s.Value == "https://");
        Assert.DoesNotContain(py.Facts.Strings, s => s.Value == "ab");
        var js = Lowered.Js("const u = atob('aHR0cHM6Ly9ldmlsLnRlc3Q=');");
        Assert.Contains(js.Facts.Strings, s => s.Value == "https://evil.test" && s.DecodedBy == "base64");
    }

    [Fact]
    public void PathsFoldWithHome()
    {
        var js = Lowered.Js("const os = require('os'); const path = require('path'); const fs = require('fs');\nfs.readFileSync(path.join(os.homedir(), '.ssh', 'id_rsa'));\nfs.readFileSync(`${process.env.HOME}/.aws/credentials`);");
        var reads = js.Calls("fs.readFileSync").ToList();
        Assert.Equal("~/.ssh/id_rsa", reads[0].Args[0].Constant);
        Assert.Equal("~/.aws/credentials", reads[1].Args[0].Constant);
        var py = Lowered.Py("import os\nfrom pathlib import Path\nopen(os.path.join(os.path.expanduser('~'), '.ssh', 'id_rsa')).read()\n(Path.home() / '.npmrc').read_text()\n");
        Assert.Equal("~/.ssh/id_rsa", py.Call("open").Args[0].Constant);
        Assert.Equal("~/.npmrc", py.Call("pathlib.Path.read_text").Receiver!.Constant);
    }

    [Fact]
    public void NumbersBooleansAndKeywordArguments()
    {
        var py = Lowered.Py("import os, subprocess\nos.chmod('/tmp/x', 0o777)\nsubprocess.run('ls', shell=True)\n");
        Assert.Equal("511", py.Call("os.chmod").Args[1].Constant);
        Assert.Equal("true", py.Call("subprocess.run").Named["shell"].Constant);
        var js = Lowered.Js("fetch('https://x.test', { method: 'POST', body: data, headers: { Authorization: 'Bearer ' + t } });");
        var fetch = js.Call("fetch");
        Assert.Equal("POST", fetch.Named["method"].Constant);
        Assert.True(fetch.Named.ContainsKey("body"));
        Assert.True(fetch.Named.ContainsKey("headers.Authorization"));
    }
}
