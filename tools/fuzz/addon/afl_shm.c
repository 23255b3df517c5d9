// Attaches AFL++'s SysV shared-memory coverage map (id in __AFL_SHM_ID) and hands it to
// JavaScript as an ArrayBuffer over the shared bytes, so the harness writes interleaving
// coverage straight into the map AFL reads. The only native code of the fuzz harness.
#include <errno.h>
#include <stdlib.h>
#include <stdio.h>
#include <string.h>
#include <sys/shm.h>
#include <node_api.h>

static void detach(napi_env env, void* data, void* hint) {
  (void)env;
  (void)hint;
  shmdt(data);
}

// attach(size: number): ArrayBuffer | null — null when __AFL_SHM_ID is not set (not under AFL).
static napi_value attach(napi_env env, napi_callback_info info) {
  size_t argc = 1;
  napi_value argv[1];
  napi_value result;
  uint32_t size = 0;
  if (napi_get_cb_info(env, info, &argc, argv, NULL, NULL) != napi_ok || argc < 1 ||
      napi_get_value_uint32(env, argv[0], &size) != napi_ok || size == 0) {
    napi_throw_type_error(env, NULL, "attach(size): size must be a positive integer");
    return NULL;
  }
  const char* id_text = getenv("__AFL_SHM_ID");
  if (id_text == NULL || *id_text == '\0') {
    napi_get_null(env, &result);
    return result;
  }
  char* end = NULL;
  long id = strtol(id_text, &end, 10);
  if (end == id_text || *end != '\0' || id < 0) {
    napi_throw_error(env, NULL, "__AFL_SHM_ID is not a shared-memory id");
    return NULL;
  }
  void* map = shmat((int)id, NULL, 0);
  if (map == (void*)-1) {
    char message[128];
    snprintf(message, sizeof message, "shmat(__AFL_SHM_ID=%ld) failed: %s", id, strerror(errno));
    napi_throw_error(env, NULL, message);
    return NULL;
  }
  if (napi_create_external_arraybuffer(env, map, size, detach, NULL, &result) != napi_ok) {
    shmdt(map);
    napi_throw_error(env, NULL, "could not wrap the AFL map in an ArrayBuffer");
    return NULL;
  }
  return result;
}

static napi_value init(napi_env env, napi_value exports) {
  napi_value fn;
  napi_create_function(env, "attach", NAPI_AUTO_LENGTH, attach, NULL, &fn);
  napi_set_named_property(env, exports, "attach", fn);
  return exports;
}

NAPI_MODULE(NODE_GYP_MODULE_NAME, init)
