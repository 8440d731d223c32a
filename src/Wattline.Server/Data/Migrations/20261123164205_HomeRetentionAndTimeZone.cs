using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Wattline.Server.Data.Migrations
{
    /// <inheritdoc />
    public partial class HomeRetentionAndTimeZone : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<int>(
                name: "DayRetentionDays",
                table: "homes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "HourRetentionDays",
                table: "homes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "MinuteRetentionDays",
                table: "homes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "QuarterHourRetentionDays",
                table: "homes",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<int>(
                name: "RawRetentionDays",
                table: "homes",
                type: "INTEGER",
                nullable: true,
                defaultValue: 90);

            migrationBuilder.AddColumn<string>(
                name: "TimeZone",
                table: "homes",
                type: "TEXT",
                maxLength: 64,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "DayRetentionDays",
                table: "homes");

            migrationBuilder.DropColumn(
                name: "HourRetentionDays",
                table: "homes");

            migrationBuilder.DropColumn(
                name: "MinuteRetentionDays",
                table: "homes");

            migrationBuilder.DropColumn(
                name: "QuarterHourRetentionDays",
                table: "homes");

            migrationBuilder.DropColumn(
                name: "RawRetentionDays",
                table: "homes");

            migrationBuilder.DropColumn(
                name: "TimeZone",
                table: "homes");
        }
    }
}
