using System.CommandLine;
using SkillScan.Cli;

// Every command CliCommands lists is a subcommand (a test names any ICliCommand class missing there).
var root = new RootCommand("SkillScan: static analysis for AI-agent skills and plugins. It reads a skill without running it and says, with evidence, whether it is safe to install.");
foreach (var command in CliCommands.All()) root.Subcommands.Add(command.Build());
return CliCommands.Invoke(root, args);
