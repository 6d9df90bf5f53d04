using EnergySettlement.Cli.Hosting;

// energy-settle: the EnergySettlement command-line tool. Commands live in Commands/, the root in Hosting/.
using var context = CliContext.ForConsole();
return await RootCommandFactory.InvokeAsync(args, context).ConfigureAwait(false);
