using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wattline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class AlertsEnergyNotifications : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "alert_deliveries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    AlertId = table.Column<long>(type: "INTEGER", nullable: false),
                    Event = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Channel = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    TargetId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Target = table.Column<string>(type: "TEXT", maxLength: 256, nullable: false),
                    Recipient = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Payload = table.Column<string>(type: "TEXT", maxLength: 8192, nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Attempts = table.Column<int>(type: "INTEGER", nullable: false),
                    NextAttemptAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LastError = table.Column<string>(type: "TEXT", maxLength: 512, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    DeliveredAt = table.Column<long>(type: "INTEGER", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_deliveries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_alert_deliveries_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_rules",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Operator = table.Column<string>(type: "TEXT", maxLength: 16, nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    Clear = table.Column<double>(type: "REAL", nullable: true),
                    High = table.Column<double>(type: "REAL", nullable: true),
                    ClearHigh = table.Column<double>(type: "REAL", nullable: true),
                    ForSeconds = table.Column<int>(type: "INTEGER", nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    BuiltIn = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_rules", x => x.Id);
                    table.ForeignKey(
                        name: "FK_alert_rules_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alert_settings",
                columns: table => new
                {
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    DefaultsCreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    MonthlyBudget = table.Column<decimal>(type: "TEXT", precision: 12, scale: 2, nullable: true),
                    BudgetPercentages = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alert_settings", x => x.HomeId);
                    table.ForeignKey(
                        name: "FK_alert_settings_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "alerts",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 160, nullable: false),
                    OpenKey = table.Column<string>(type: "TEXT", maxLength: 160, nullable: true),
                    Severity = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    State = table.Column<string>(type: "TEXT", maxLength: 16, nullable: false),
                    Title = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    DeviceId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    RuleId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Metric = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Value = table.Column<double>(type: "REAL", nullable: true),
                    ExpectedLow = table.Column<double>(type: "REAL", nullable: true),
                    ExpectedHigh = table.Column<double>(type: "REAL", nullable: true),
                    RaisedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    LastOccurredAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Occurrences = table.Column<int>(type: "INTEGER", nullable: false),
                    AcknowledgedByUserId = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    AcknowledgedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true),
                    AcknowledgedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClearedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ClearValue = table.Column<double>(type: "REAL", nullable: true),
                    ClearedBy = table.Column<string>(type: "TEXT", maxLength: 128, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_alerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_alerts_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "dynamic_prices",
                columns: table => new
                {
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    StartMs = table.Column<long>(type: "INTEGER", nullable: false),
                    EndMs = table.Column<long>(type: "INTEGER", nullable: false),
                    PricePerKwh = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_dynamic_prices", x => new { x.HomeId, x.StartMs });
                    table.ForeignKey(
                        name: "FK_dynamic_prices_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "home_tariffs",
                columns: table => new
                {
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Json = table.Column<string>(type: "TEXT", maxLength: 65536, nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_home_tariffs", x => x.HomeId);
                    table.ForeignKey(
                        name: "FK_home_tariffs_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "notification_preferences",
                columns: table => new
                {
                    HomeId = table.Column<string>(type: "TEXT", nullable: false),
                    UserId = table.Column<string>(type: "TEXT", nullable: false),
                    Email = table.Column<bool>(type: "INTEGER", nullable: false),
                    EmailAddress = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Severities = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    QuietStart = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    QuietEnd = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_notification_preferences", x => new { x.HomeId, x.UserId });
                    table.ForeignKey(
                        name: "FK_notification_preferences_home_members_HomeId_UserId",
                        columns: x => new { x.HomeId, x.UserId },
                        principalTable: "home_members",
                        principalColumns: new[] { "HomeId", "UserId" },
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "webhooks",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    HomeId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 80, nullable: false),
                    Url = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false),
                    ProtectedSecret = table.Column<string>(type: "TEXT", maxLength: 1024, nullable: false),
                    Severities = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Enabled = table.Column<bool>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_webhooks", x => x.Id);
                    table.ForeignKey(
                        name: "FK_webhooks_homes_HomeId",
                        column: x => x.HomeId,
                        principalTable: "homes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_HomeId_Id",
                table: "alert_deliveries",
                columns: new[] { "HomeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_deliveries_Status_NextAttemptAt",
                table: "alert_deliveries",
                columns: new[] { "Status", "NextAttemptAt" });

            migrationBuilder.CreateIndex(
                name: "IX_alert_rules_HomeId",
                table: "alert_rules",
                column: "HomeId");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_HomeId_Id",
                table: "alerts",
                columns: new[] { "HomeId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_alerts_Key",
                table: "alerts",
                column: "Key");

            migrationBuilder.CreateIndex(
                name: "IX_alerts_OpenKey",
                table: "alerts",
                column: "OpenKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_webhooks_HomeId",
                table: "webhooks",
                column: "HomeId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "alert_deliveries");

            migrationBuilder.DropTable(
                name: "alert_rules");

            migrationBuilder.DropTable(
                name: "alert_settings");

            migrationBuilder.DropTable(
                name: "alerts");

            migrationBuilder.DropTable(
                name: "dynamic_prices");

            migrationBuilder.DropTable(
                name: "home_tariffs");

            migrationBuilder.DropTable(
                name: "notification_preferences");

            migrationBuilder.DropTable(
                name: "webhooks");
        }
    }
}
