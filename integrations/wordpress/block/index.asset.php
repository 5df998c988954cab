<?php
/**
 * The block's editor script: its dependencies (WordPress's globals) and version.
 *
 * @package GcLab
 */

return array(
	'dependencies' => array( 'wp-blocks', 'wp-element', 'wp-block-editor', 'wp-components', 'wp-i18n' ),
	'version'      => (string) filemtime( __DIR__ . '/index.js' ),
);
