using System.CommandLine;
using SkillScan.Cli;

// Every ICliCommand in this assembly is a subcommand: adding a command is adding a class.
var root = new RootCommand("SkillScan: static analysis for AI-agent skills and plugins. It reads a skill without running it and says, with evidence, whether it is safe to install.");
foreach (var command in CliCommands.All()) root.Subcommands.Add(command.Build());
return CliCommands.Invoke(root, args);
