// The SDK warns once per process under Node 20 about its future Node 22 requirement; tests run on 20.
process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED = 'true';
