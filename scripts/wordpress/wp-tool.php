<?php
/**
 * The throwaway WordPress's few admin tasks, run by PHP's CLI (WP-CLI is not packaged in
 * Debian 12): php wp-tool.php <docroot> <command> [JSON arguments]. Prints one JSON line.
 *
 *   wait-db        {"seconds":30}                   until the database answers
 *   install        {"title","user","password","email"}   wp_install()
 *   create-user    {"login","password","role"}      a user and an application password
 *   install-plugin {"zip"}                          unzip_file() into wp-content/plugins
 *   activate       {"plugin"}                       activate_plugin()
 *   deactivate     {"plugin"}                       deactivate_plugins()
 *
 * @package GcLab
 */

if ( PHP_SAPI !== 'cli' ) {
	exit( 1 );
}

$docroot = isset( $argv[1] ) ? rtrim( $argv[1], '/' ) : '';
$command = isset( $argv[2] ) ? $argv[2] : '';
$args    = isset( $argv[3] ) ? json_decode( $argv[3], true ) : array();
if ( ! is_dir( $docroot ) || '' === $command || ! is_array( $args ) ) {
	fwrite( STDERR, "usage: php wp-tool.php <docroot> <command> [json]\n" );
	exit( 2 );
}

/**
 * Prints the answer and stops.
 *
 * @param array $answer What to print.
 * @param int   $code   Exit code.
 */
function gc_lab_tool_answer( $answer, $code = 0 ) {
	echo json_encode( $answer ), "\n";
	exit( $code );
}

if ( 'wait-db' === $command ) {
	// Reads the connection from wp-config.php's constants without loading WordPress.
	$config = file_get_contents( $docroot . '/wp-config.php' );
	preg_match( "/'DB_HOST', '([^']*)'/", $config, $host );
	preg_match( "/'DB_NAME', '([^']*)'/", $config, $name );
	list( , $socket ) = explode( ':', $host[1], 2 );
	$deadline         = microtime( true ) + ( isset( $args['seconds'] ) ? (float) $args['seconds'] : 30 );
	mysqli_report( MYSQLI_REPORT_OFF );
	do {
		$db = @mysqli_connect( 'localhost', 'root', '', '', 0, $socket );
		if ( $db ) {
			$ok = mysqli_query( $db, 'CREATE DATABASE IF NOT EXISTS `' . $name[1] . '`' );
			gc_lab_tool_answer( array( 'ok' => (bool) $ok ), $ok ? 0 : 1 );
		}
		usleep( 200000 );
	} while ( microtime( true ) < $deadline );
	gc_lab_tool_answer( array( 'error' => 'The database did not answer: ' . mysqli_connect_error() ), 1 );
}

// WordPress wants a request's host even on the command line.
$_SERVER['HTTP_HOST']   = 'localhost';
$_SERVER['SERVER_NAME'] = 'localhost';
$_SERVER['REQUEST_URI'] = '/';
if ( 'install' === $command ) {
	define( 'WP_INSTALLING', true );
}
require $docroot . '/wp-load.php';
require_once ABSPATH . 'wp-admin/includes/upgrade.php';
require_once ABSPATH . 'wp-admin/includes/plugin.php';
require_once ABSPATH . 'wp-admin/includes/file.php';

switch ( $command ) {
	case 'install':
		$result = wp_install( $args['title'], $args['user'], $args['email'], false, '', wp_slash( $args['password'] ) );
		gc_lab_tool_answer( array( 'user_id' => $result['user_id'] ) );
		break;

	case 'create-user':
		$id = wp_insert_user(
			array(
				'user_login' => $args['login'],
				'user_pass'  => $args['password'],
				'user_email' => $args['login'] . '@example.test',
				'role'       => $args['role'],
			)
		);
		if ( is_wp_error( $id ) ) {
			gc_lab_tool_answer( array( 'error' => $id->get_error_message() ), 1 );
		}
		list( $password ) = WP_Application_Passwords::create_new_application_password( $id, array( 'name' => 'gc-lab test' ) );
		gc_lab_tool_answer(
			array(
				'id'                   => $id,
				'application_password' => $password,
				'unfiltered_html'      => user_can( $id, 'unfiltered_html' ),
			)
		);
		break;

	case 'install-plugin':
		WP_Filesystem();
		$result = unzip_file( $args['zip'], WP_PLUGIN_DIR );
		if ( is_wp_error( $result ) ) {
			gc_lab_tool_answer( array( 'error' => $result->get_error_message() ), 1 );
		}
		gc_lab_tool_answer( array( 'plugins' => array_keys( get_plugins() ) ) );
		break;

	case 'activate':
		$result = activate_plugin( $args['plugin'] );
		if ( is_wp_error( $result ) ) {
			gc_lab_tool_answer( array( 'error' => $result->get_error_message() ), 1 );
		}
		gc_lab_tool_answer( array( 'active' => get_option( 'active_plugins' ) ) );
		break;

	case 'deactivate':
		deactivate_plugins( $args['plugin'] );
		gc_lab_tool_answer( array( 'active' => get_option( 'active_plugins' ) ) );
		break;
}
gc_lab_tool_answer( array( 'error' => "unknown command $command" ), 2 );
