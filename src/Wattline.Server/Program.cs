using Wattline.Server.Hosting;

var app = WattlineApp.Build(args);
await app.RunAsync();
