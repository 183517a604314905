"""Lua scripts of the Redis queue: every move between lists and sorted sets is one atomic step."""

from __future__ import annotations

# Keys, under a prefix P:  P:task:<id> hash | P:ready:<queue> list (LPUSH in, RPOP out)
# P:delayed zset (run_at) | P:leases zset (lease expiry) | P:done, P:failed zsets (finished_at)
# P:unique:<key> -> id | P:queues set. Times come from the Redis server clock (TIME), so
# workers on hosts with skewed clocks still agree on when a lease has lapsed.
PRELUDE = """
local p = ARGV[1]
local function now()
  local t = redis.call('TIME')
  return tonumber(t[1]) + tonumber(t[2]) / 1000000
end
local function owned(key, worker, attempt)
  local v = redis.call('HMGET', key, 'status', 'worker_id', 'attempts')
  return v[1] == 'running' and v[2] == worker and v[3] == attempt
end
"""

ENQUEUE = (
    PRELUDE
    + """
local id, name, queue, payload, max_attempts = ARGV[2], ARGV[3], ARGV[4], ARGV[5], ARGV[6]
local delay, ukey = tonumber(ARGV[7]), ARGV[8]
if ukey ~= '' then
  local existing = redis.call('GET', p .. ':unique:' .. ukey)
  if existing then return {existing, 0} end
  redis.call('SET', p .. ':unique:' .. ukey, id)
end
local t = now()
redis.call('HSET', p .. ':task:' .. id, 'id', id, 'name', name, 'queue', queue,
  'payload', payload, 'status', 'queued', 'attempts', 0, 'max_attempts', max_attempts,
  'run_at', tostring(t + delay), 'created_at', tostring(t), 'unique_key', ukey)
redis.call('SADD', p .. ':queues', queue)
if delay > 0 then
  redis.call('ZADD', p .. ':delayed', t + delay, id)
else
  redis.call('LPUSH', p .. ':ready:' .. queue, id)
end
return {id, 1}
"""
)

CLAIM = (
    PRELUDE
    + """
local worker, lease = ARGV[2], tonumber(ARGV[3])
local t = now()
local due = redis.call('ZRANGEBYSCORE', p .. ':delayed', '-inf', t, 'LIMIT', 0, 100)
for _, id in ipairs(due) do
  redis.call('ZREM', p .. ':delayed', id)
  local queue = redis.call('HGET', p .. ':task:' .. id, 'queue')
  if queue then redis.call('LPUSH', p .. ':ready:' .. queue, id) end
end
for i = 4, #ARGV do
  while true do
    local id = redis.call('RPOP', p .. ':ready:' .. ARGV[i])
    if not id then break end
    local key = p .. ':task:' .. id
    if redis.call('EXISTS', key) == 1 then
      local attempt = redis.call('HINCRBY', key, 'attempts', 1)
      redis.call('HSET', key, 'status', 'running', 'worker_id', worker,
        'lease_expires_at', tostring(t + lease))
      redis.call('ZADD', p .. ':leases', t + lease, id)
      local v = redis.call('HMGET', key, 'name', 'queue', 'payload', 'max_attempts')
      return {id, attempt, v[1], v[2], v[3], v[4]}
    end
  end
end
return false
"""
)

EXTEND = (
    PRELUDE
    + """
local id, key = ARGV[2], p .. ':task:' .. ARGV[2]
if not owned(key, ARGV[3], ARGV[4]) then return 0 end
local until_ = now() + tonumber(ARGV[5])
redis.call('ZADD', p .. ':leases', until_, id)
redis.call('HSET', key, 'lease_expires_at', tostring(until_))
return 1
"""
)

COMPLETE = (
    PRELUDE
    + """
local id, key = ARGV[2], p .. ':task:' .. ARGV[2]
if not owned(key, ARGV[3], ARGV[4]) then return 0 end
local t = now()
redis.call('ZREM', p .. ':leases', id)
redis.call('HSET', key, 'status', 'done', 'finished_at', tostring(t))
redis.call('HDEL', key, 'lease_expires_at')
redis.call('ZADD', p .. ':done', t, id)
return 1
"""
)

RETRY = (
    PRELUDE
    + """
local id, key = ARGV[2], p .. ':task:' .. ARGV[2]
if not owned(key, ARGV[3], ARGV[4]) then return 0 end
local run_at = now() + tonumber(ARGV[6])
redis.call('ZREM', p .. ':leases', id)
redis.call('HSET', key, 'status', 'queued', 'last_error', ARGV[5], 'run_at', tostring(run_at))
redis.call('HDEL', key, 'lease_expires_at', 'worker_id')
redis.call('ZADD', p .. ':delayed', run_at, id)
return 1
"""
)

FAIL = (
    PRELUDE
    + """
local id, key = ARGV[2], p .. ':task:' .. ARGV[2]
if not owned(key, ARGV[3], ARGV[4]) then return 0 end
local t = now()
redis.call('ZREM', p .. ':leases', id)
redis.call('HSET', key, 'status', 'failed', 'last_error', ARGV[5], 'finished_at', tostring(t))
redis.call('HDEL', key, 'lease_expires_at')
redis.call('ZADD', p .. ':failed', t, id)
return 1
"""
)

REQUEUE_EXPIRED = (
    PRELUDE
    + """
local t = now()
local ids = redis.call('ZRANGEBYSCORE', p .. ':leases', '-inf', t, 'LIMIT', 0, 100)
for _, id in ipairs(ids) do
  local key = p .. ':task:' .. id
  redis.call('ZREM', p .. ':leases', id)
  local v = redis.call('HMGET', key, 'attempts', 'max_attempts', 'queue')
  if v[3] then
    if tonumber(v[1]) >= tonumber(v[2]) then
      redis.call('HSET', key, 'status', 'failed', 'last_error', ARGV[2],
        'finished_at', tostring(t))
      redis.call('ZADD', p .. ':failed', t, id)
    else
      redis.call('HSET', key, 'status', 'queued', 'run_at', tostring(t))
      redis.call('HDEL', key, 'worker_id')
      -- RPUSH: the task was already in flight, so it goes to the head of its queue.
      redis.call('RPUSH', p .. ':ready:' .. v[3], id)
    end
    redis.call('HDEL', key, 'lease_expires_at')
  end
end
return #ids
"""
)

REPLAY = (
    PRELUDE
    + """
local id, key = ARGV[2], p .. ':task:' .. ARGV[2]
local v = redis.call('HMGET', key, 'status', 'queue')
if v[1] ~= 'failed' then return 0 end
redis.call('ZREM', p .. ':failed', id)
redis.call('HSET', key, 'status', 'queued', 'attempts', 0, 'run_at', tostring(now()))
redis.call('HDEL', key, 'finished_at', 'worker_id')
redis.call('LPUSH', p .. ':ready:' .. v[2], id)
return 1
"""
)

PURGE_DONE = (
    PRELUDE
    + """
local cutoff = now() - tonumber(ARGV[2])
local ids = redis.call('ZRANGEBYSCORE', p .. ':done', '-inf', cutoff, 'LIMIT', 0, 500)
for _, id in ipairs(ids) do
  local key = p .. ':task:' .. id
  local ukey = redis.call('HGET', key, 'unique_key')
  if ukey and ukey ~= '' and redis.call('GET', p .. ':unique:' .. ukey) == id then
    redis.call('DEL', p .. ':unique:' .. ukey)
  end
  redis.call('DEL', key)
  redis.call('ZREM', p .. ':done', id)
end
return #ids
"""
)
